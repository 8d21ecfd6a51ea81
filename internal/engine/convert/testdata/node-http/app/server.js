require("http").createServer().listen(process.env.FC_SERVER_PORT)
