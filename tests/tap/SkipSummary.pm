package SkipSummary;
# prove's console output, with the skipped checks counted and explained
# in the summary: an "ok N - name # skip why" would otherwise pass as
# "ok" and hide that a check did not run.  Used by `make test`:
#   PERL5LIB=tests/tap prove --formatter SkipSummary ...
# The last line stays prove's "Result: PASS" (or FAIL).
use strict;
use warnings;
use base 'TAP::Formatter::Console';

sub open_test {
    my ( $self, $test, $parser ) = @_;
    my $skips = $self->{skip_summary} ||= [];
    $parser->callback(
        test => sub {
            my $result = shift;
            push @$skips, [ $test, $result->number, $result->description,
                            $result->explanation ]
              if $result->has_skip;
        }
    );
    return $self->SUPER::open_test( $test, $parser );
}

sub summary {
    my ( $self, $aggregate, $interrupted ) = @_;
    my @skips = @{ $self->{skip_summary} || [] };
    for my $test ( $aggregate->descriptions ) { # "1..0 # skip why"
        my ($parser) = $aggregate->parsers($test);
        push @skips, [ $test, 'all', 'checks', $parser->skip_all ]
          if $parser->skip_all;
    }
    $self->_output( sprintf "Skipped: %d check%s%s\n", scalar @skips,
        @skips == 1 ? '' : 's', @skips ? ', not run:' : '' );
    for my $s (@skips) {
        my ( $test, $number, $description, $why ) = @$s;
        $description =~ s/^-\s*//;
        $description .= ': ' if length $description;
        $self->_output("  $test $number $description$why\n");
    }
    $self->SUPER::summary( $aggregate, $interrupted );
}

1;
