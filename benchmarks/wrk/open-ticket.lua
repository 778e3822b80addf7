-- POST a ticket as one customer (token from CUSTOMER_TOKEN): the write path (one transaction, four rows).
dofile("benchmarks/wrk/report.lua")
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.headers["Authorization"] = "Bearer " .. os.getenv("CUSTOMER_TOKEN")
wrk.body = '{"subject":"Where is my parcel?","body":"It was due yesterday.","category":"delivery"}'
