export function uiBuildOutdated(root: string, sourceDirs?: string[]): boolean;
