/**
 * The launchers of the engine folder: `trudi` (POSIX shell) and `trudi.cmd` (Windows). Each runs the compiled
 * CLI on the folder's own Node runtime, found relative to the launcher itself (symbolic links followed), so the
 * folder runs wherever it is copied and never uses a node from the PATH, with the engine's V8 flags.
 */
import { ENGINE_V8_FLAGS } from '../../src/engine/v8-flags';

const FLAGS = ENGINE_V8_FLAGS.join(' ');

export const POSIX_LAUNCHER = `#!/bin/sh
# TRuDI command line: the compiled engine on its own Node runtime (never a node from the PATH).
# Shell built-ins only (readlink only for a symbolic link), so it runs with any PATH.
self=$0
while [ -L "$self" ]; do
  link=$(readlink "$self")
  case $link in
    /*) self=$link ;;
    *) self=\${self%/*}/$link ;;
  esac
done
case $self in
  */*) dir=\${self%/*} ;;
  *) dir=. ;;
esac
dir=$(CDPATH= cd -- "$dir" && pwd -P) || exit 1
exec "$dir/runtime/node" ${FLAGS} "$dir/lib/cli.js" "$@"
`;

export const WINDOWS_LAUNCHER = [
  '@echo off',
  'rem TRuDI command line: the compiled engine on its own Node runtime (never a node from the PATH).',
  'setlocal',
  `"%~dp0runtime\\node.exe" ${FLAGS} "%~dp0lib\\cli.js" %*`,
  'exit /b %ERRORLEVEL%',
  '',
].join('\r\n');
