// The grading worker's entry point, plain JavaScript so a worker can start it: registers tsx
// (the loader hooks of the main thread do not reach workers) and hands over to worker.ts.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
