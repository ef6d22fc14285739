/** The package version (read once from package.json). */
export { packageVersion as version } from '../engine/package-version.js';
