-- populate.lua - fills the store: exactly COUNT POSTs of distinct paths
-- in all, split over the threads; each thread appends the ids it got
-- (from the Location headers) to IDS_OUT.TID and stops once all its
-- answers are in.  Script args: COUNT NTHREADS PREFIX IDS_OUT.
--
-- wrk (4.1) calls request() once on thread 0 before it starts, to check
-- the request parses, and never sends that one: thread 0 answers that
-- call with the idle request, so the count stays exact.  wrk also runs
-- for its whole -d even when every thread has stopped, so the last thread
-- to finish (each leaves IDS_OUT.TID.done) ends it with SIGINT, which
-- wrk takes as "stop now and report".
dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "common.lua")

local quota, prefix, sent, answered, failed = 0, "p", 0, 0, 0
local ids_out, nthreads
local headers = {["Content-Type"] = "application/json"}
local idle, out, checked
function init(args)
   local count = tonumber(args[1])
   nthreads, ids_out = tonumber(args[2]), args[4]
   quota = math.floor(count / nthreads)
   if tid < count % nthreads then quota = quota + 1 end
   prefix = (args[3] or "p") .. "-" .. tid .. "-"
   out = assert(io.open(ids_out .. "." .. tid, "a"))
   if quota == 0 then
      assert(io.open(ids_out .. "." .. tid .. ".done", "w")):close()
   end
   idle = wrk.format("GET", "/api")
   checked = tid ~= 0
end

function request()
   if not checked then
      checked = true
      return idle
   end
   if sent >= quota then return idle end
   sent = sent + 1
   local path = prefix .. sent .. ".ipynb"
   return wrk.format("POST", "/api/sessions", headers,
      '{"path": "' .. path .. '", "name": "' .. path ..
      '", "type": "notebook", "kernel": {"name": "python3"}}')
end

-- Only the POSTs' answers count (201, or an error); the idle GETs get 200.
function response(status, headers, body)
   if status == 200 then return end
   answered = answered + 1
   local location = headers["Location"]
   if status == 201 and location then
      out:write(location:match("[^/]*$"), "\n")
   else
      failed = failed + 1
   end
   if answered >= quota then finish() end
end

function finish()
   out:close()
   assert(io.open(ids_out .. "." .. tid .. ".done", "w")):close()
   wrk.thread:stop()
   for t = 0, nthreads - 1 do
      local f = io.open(ids_out .. "." .. t .. ".done")
      if not f then return end
      f:close()
   end
   -- Not os.execute: system() ignores SIGINT in wrk while kill runs.
   -- Again every 0.2 s while wrk lives: a signal that lands before wrk's
   -- main thread is in sleep(duration) does not cut that sleep short.
   io.popen("(kill -INT $PPID; for i in 1 2 3 4 5 6 7 8 9 10; do " ..
            "sleep 0.2; kill -INT $PPID 2>/dev/null || exit 0; done) " ..
            ">/dev/null 2>&1 &"):close()
end
