// `npm start`: make a fresh clone ready (npm ci when needed), build the WASM core and the app, then
// serve the production build with `vite preview` until Ctrl-C.
//
//   npm start                      http://127.0.0.1:4173/ (or the next free port)
//   npm start -- --port 8080       start looking at another port
//   npm start -- --host            listen on every address (other devices on the network)
//   npm start -- --host 10.0.0.5   listen on one address
//   npm start -- --no-build        serve the existing dist/ as it is
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { build, ensureDependencies, root } from './env.mjs';

const USAGE = 'usage: npm start [-- [--port N] [--host [ADDRESS]] [--no-build]]';

function parseArgs(argv) {
  const opts = { port: 4173, host: '127.0.0.1', build: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--port') {
      opts.port = Number(argv[++i]);
      if (!Number.isInteger(opts.port) || opts.port < 1 || opts.port > 65535) throw new Error(`--port must be 1 to 65535\n${USAGE}`);
    } else if (a === '--host') {
      const next = argv[i + 1];
      opts.host = next && !next.startsWith('--') ? argv[++i] : '0.0.0.0';
    } else if (a === '--no-build') {
      opts.build = false;
    } else if (a === '--help' || a === '-h') {
      console.log(USAGE);
      process.exit(0);
    } else {
      throw new Error(`unknown option ${a}\n${USAGE}`);
    }
  }
  return opts;
}

/** Resolves true when nothing listens on host:port. */
function isFree(port, host) {
  return new Promise((done) => {
    const server = createServer();
    server.once('error', () => done(false));
    server.listen({ port, host, exclusive: true }, () => server.close(() => done(true)));
  });
}

async function firstFreePort(from, host) {
  for (let port = from; port < Math.min(from + 100, 65536); port++) {
    if (await isFree(port, host)) return port;
  }
  throw new Error(`no free port from ${from} to ${from + 99} on ${host}`);
}

async function waitForServer(url, child, timeoutMs = 30000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`vite preview exited with ${child.exitCode}`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 150));
  }
  throw new Error(`vite preview did not answer at ${url} within ${timeoutMs / 1000} s`);
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  ensureDependencies();
  if (opts.build) {
    console.log('Building the WASM core and the app…');
    build();
  } else if (!existsSync(resolve(root, 'dist/index.html'))) {
    throw new Error('dist/ has no build yet: run `npm start` without --no-build');
  }

  const port = await firstFreePort(opts.port, opts.host);
  const vite = resolve(root, 'node_modules/.bin/vite');
  const child = spawn(vite, ['preview', '--port', String(port), '--strictPort', '--host', opts.host], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  // vite's own banner repeats what is printed below; keep its later output (errors, requests).
  let started = false;
  child.stdout.on('data', (d) => {
    if (started) process.stdout.write(d);
  });

  const stop = (signal) => {
    if (child.exitCode === null) child.kill(signal);
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
  child.on('exit', (code, signal) => {
    if (!started) return; // main() reports the failure
    console.log('\nmedtangle stopped.');
    process.exit(signal === 'SIGINT' || signal === 'SIGTERM' ? 0 : (code ?? 0));
  });

  const localHost = opts.host === '0.0.0.0' || opts.host === '::' ? '127.0.0.1' : opts.host;
  const url = `http://${localHost.includes(':') ? `[${localHost}]` : localHost}:${port}/`;
  try {
    await waitForServer(url, child);
  } catch (e) {
    stop('SIGTERM');
    throw e;
  }
  started = true;

  const lines = ['', `  medtangle is running at  ${url}`, ''];
  if (localHost !== opts.host) {
    lines.push(`  Listening on every address (${opts.host}); other devices use this machine's address and port ${port}.`);
    lines.push('  Browsers allow offline use and installing only on https:// or on localhost / 127.0.0.1.', '');
  }
  lines.push('  Open it in a browser; after the first visit it also works offline.', '  Press Ctrl-C to stop.', '');
  console.log(lines.join('\n'));
}

main().catch((e) => {
  console.error(`npm start: ${e.message}`);
  process.exit(1);
});
