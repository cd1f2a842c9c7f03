-- create.lua - POST /api/sessions with a path never used before, so each
-- request creates a session and starts a kernel.  Script args: PREFIX.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

local prefix, i = "c", 0
local headers = {["Content-Type"] = "application/json"}
function init(args)
   prefix = (args[1] or "c") .. "-" .. tid .. "-"
end

function request()
   i = i + 1
   local path = prefix .. i .. ".ipynb"
   return wrk.format("POST", "/api/sessions", headers,
      '{"path": "' .. path .. '", "name": "' .. path ..
      '", "type": "notebook", "kernel": {"name": "python3"}}')
end
