// The process entry of the engine sidecar (forked by the desktop shell and by tests).
import { runSidecar } from './sidecar';

runSidecar();
