import type { CliCommand } from './command';

/** Every sub-command, loaded on demand so that `trudi inspect` does not load the TLS stack. */
export const COMMANDS: Record<string, () => Promise<CliCommand>> = {
  inspect: async () => (await import('./inspect')).inspectCommand,
  validate: async () => (await import('./validate')).validateCommand,
  export: async () => (await import('./export')).exportCommand,
  serve: async () => (await import('./serve')).serveCommand,
  sample: async () => (await import('./sample')).sampleCommand,
  verify: async () => (await import('./verify')).verifyCommand,
  trust: async () => (await import('./trust')).trustCommand,
  taf: async () => (await import('./taf')).tafCommand,
  consumption: async () => (await import('./consumption')).consumptionCommand,
  registers: async () => (await import('./registers')).registersCommand,
  simulate: async () => (await import('./simulate')).simulateCommand,
  read: async () => (await import('./read')).readCommand,
  report: async () => (await import('./report')).reportCommand,
  archive: async () => (await import('./archive')).archiveCommand,
  sync: async () => (await import('./sync')).syncCommand,
  profiles: async () => (await import('./profiles')).profilesCommand,
};
