/*
|--------------------------------------------------------------------------
| Ace entry point
|--------------------------------------------------------------------------
|
| Runs the TypeScript sources directly through @poppinss/ts-exec, so
| `npx node ace <command>` works without a build step.
|
*/
import '@poppinss/ts-exec'

await import('./bin/console.js')
