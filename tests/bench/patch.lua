-- patch.lua - PATCH /api/sessions/ID with a new name, walking the ids of
-- a file round and round.  Script args: IDS_FILE NTHREADS.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

local reqs, n, i = {}, 0, 0
function init(args)
   local ids = my_share(read_lines(args[1]), tonumber(args[2]))
   local headers = {["Content-Type"] = "application/json"}
   for k, id in ipairs(ids) do
      -- two names per session, so every PATCH changes something
      for v = 1, 2 do
         reqs[#reqs + 1] = wrk.format("PATCH", "/api/sessions/" .. id,
            headers, '{"name": "renamed-' .. v .. '.ipynb"}')
      end
   end
   n = #reqs
end

function request()
   i = i % n + 1
   return reqs[i]
end
