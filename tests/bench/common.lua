-- common.lua - shared by the bench scripts: thread numbering, id files,
-- and one machine-readable result line from done().
--
-- Each wrk thread has its own Lua state; setup() (run in the setup state)
-- hands every thread its number as the global `tid` (0-based).

local next_tid = 0
function setup(thread)
   thread:set("tid", next_tid)
   next_tid = next_tid + 1
end

-- Lines of a file, as a table.
function read_lines(path)
   local lines = {}
   for line in io.lines(path) do
      if line ~= "" then lines[#lines + 1] = line end
   end
   return lines
end

-- This thread's share of ids: every nthreads-th one, from tid on.
function my_share(ids, nthreads)
   local mine = {}
   for i = tid + 1, #ids, nthreads do mine[#mine + 1] = ids[i] end
   return mine
end

function done(summary, latency, requests)
   local e = summary.errors
   io.write(string.format(
      "BENCH requests=%d duration_us=%d bytes=%d connect=%d read=%d " ..
      "write=%d status=%d timeout=%d p50_us=%.0f p99_us=%.0f\n",
      summary.requests, summary.duration, summary.bytes, e.connect, e.read,
      e.write, e.status, e.timeout, latency:percentile(50),
      latency:percentile(99)))
end
