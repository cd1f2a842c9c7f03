-- list.lua - GET /api/sessions, the same request every time.
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

local req
function init(args)
   req = wrk.format("GET", "/api/sessions")
end

function request()
   return req
end
