// A Postgres server with the vector extension, for the tests: PGlite (an
// in-memory Postgres compiled to WebAssembly) behind PGLiteSocketServer.
// Usage: node server.mjs PORT. Prints "ready PORT" once it accepts
// connections; exits on SIGINT or when its standard input closes.
import { PGlite } from "@electric-sql/pglite";
import { vector } from "@electric-sql/pglite/vector";
import { PGLiteSocketServer } from "@electric-sql/pglite-socket";

const port = Number(process.argv[2] || 0);
const db = await PGlite.create({ extensions: { vector } });
await db.exec("CREATE EXTENSION IF NOT EXISTS vector");
const server = new PGLiteSocketServer({ db, port, host: "127.0.0.1" });
await server.start();
console.log(`ready ${port}`);
process.on("SIGINT", async () => {
  await server.stop();
  await db.close();
  process.exit(0);
});
process.stdin.on("end", async () => {
  await server.stop();
  await db.close();
  process.exit(0);
});
process.stdin.resume();
