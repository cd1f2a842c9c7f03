-- delete.lua - DELETE /api/sessions/ID, each id of a file once; when this
-- thread's share runs out, an unknown id (a 404, which wrk counts as a
-- status error and run.sh does not count as a delete).
-- Script args: IDS_FILE NTHREADS.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

local reqs, n, i, gone = {}, 0, 0, nil
function init(args)
   local ids = my_share(read_lines(args[1]), tonumber(args[2]))
   for k, id in ipairs(ids) do
      reqs[k] = wrk.format("DELETE", "/api/sessions/" .. id)
   end
   n = #reqs
   gone = wrk.format("DELETE",
      "/api/sessions/00000000-0000-4000-8000-000000000000")
end

function request()
   i = i + 1
   return i <= n and reqs[i] or gone
end
