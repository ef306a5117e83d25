// Timeline commands: `parseCommand(line, { hasManifest })` → a typed Command, or a CommandError.
export { parseCommand, KUBECTL_VERBS, SIMULATOR_ACTIONS, type ParseOptions } from './parse.js';
export { CommandError } from './errors.js';
export { RESOURCES, RESOURCE_TYPES, lookupResource, resourceInfo, type ResourceType, type ResourceInfo, type CustomResources } from './resources.js';
export { customResourceTypes } from './custom-resources.js';
export { tokenize, type Word } from './tokenize.js';
export type * from './types.js';
