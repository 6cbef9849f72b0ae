/**
 * The V8 flags of every engine process: the sidecar the desktop app forks (SidecarClient), the engine folder's
 * launchers (`trudi`, `trudi.cmd`) and, in development, bin/trudi.mjs (its shebang; flags-reach.test.ts
 * checks each of them against this list).
 *
 * `--max-semi-space-size=8` (MB; Node 20's default on 64-bit is 16): the young generation stays smaller, so
 * reading a 24-month read-out (89 MB, `npm run bench -- parse`) peaks at about 17 MB less RSS (174 instead of
 * 191 MB, five fresh processes each, load 8–9) at no CPU cost measured (0.93–0.96 × the default-flag CPU time,
 * alternating processes in the same minutes).
 */
export const ENGINE_V8_FLAGS: readonly string[] = ['--max-semi-space-size=8'];
