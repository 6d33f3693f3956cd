export { type FileLockOptions, withFileLock } from './with-file-lock.js';
export { type WriteFileAtomicOptions, writeFileAtomic } from './write-file-atomic.js';
