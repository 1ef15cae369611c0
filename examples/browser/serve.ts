/**
 * A static file server for the demo (module scripts and fetch() need http://, not file://).
 *
 *   npx tsx examples/browser/serve.ts [PORT]     then open http://localhost:PORT/
 */
import { createReadStream, existsSync, statSync } from "node:fs";
import { createServer, type Server } from "node:http";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.dirname(fileURLToPath(import.meta.url));
const types: Record<string, string> = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".json": "application/json",
  ".bin": "application/octet-stream",
  ".css": "text/css",
};

/** Serves examples/browser/ on `port` (0: any free port); resolves when listening. */
export function serve(port: number): Promise<Server> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? "/", "http://localhost");
    const file = path.join(
      root,
      path.normalize(decodeURIComponent(url.pathname)).replace(/^([/\\])+/, ""),
    );
    const target = file.endsWith(path.sep) || file === root ? path.join(file, "index.html") : file;
    if (!target.startsWith(root) || !existsSync(target) || !statSync(target).isFile()) {
      response.writeHead(404).end("not found");
      return;
    }
    response.writeHead(200, {
      "content-type": types[path.extname(target)] ?? "application/octet-stream",
    });
    createReadStream(target).pipe(response);
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}

if (
  process.argv[1] !== undefined &&
  fileURLToPath(import.meta.url) === path.resolve(process.argv[1])
) {
  const server = await serve(Number(process.argv[2] ?? 8080));
  const address = server.address();
  console.log(
    `serving examples/browser on http://localhost:${typeof address === "object" && address ? address.port : ""}/`,
  );
}
