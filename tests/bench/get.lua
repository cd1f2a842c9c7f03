-- get.lua - GET /api/sessions/ID, walking the ids of a file round and
-- round.  Script args: IDS_FILE NTHREADS.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

local reqs, n, i = {}, 0, 0
function init(args)
   local ids = my_share(read_lines(args[1]), tonumber(args[2]))
   for k, id in ipairs(ids) do
      reqs[k] = wrk.format("GET", "/api/sessions/" .. id)
   end
   n = #reqs
end

function request()
   i = i % n + 1
   return reqs[i]
end
