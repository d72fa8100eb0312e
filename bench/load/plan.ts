/*
|--------------------------------------------------------------------------
| The seeded world, as the seeder hands it to the load generator
|--------------------------------------------------------------------------
|
| Shared by seed.ts (a child process) and the generator, so it holds only
| constants and types.
|
*/

/** Every seeded account's password (as in bench/seed.ts). */
export const PASSWORD = 'bench password 1'

export const ADMIN_LOGIN = 'loadadmin'

/** The login of simulated user number `index`. */
export function username(index: number) {
  return `load${index}`
}

/** What bench/load/seed.ts writes and run.ts reads back. */
export type Plan = {
  teamId: string
  adminLogin: string
  /** User ids by simulated user index. */
  userIds: string[]
  /** Public channels that get a board, with the indexes of their members. */
  boardChannels: { id: string; name: string; members: number[] }[]
}

/** The words seeded and simulated messages are made of (as in bench/seed.ts). */
export const WORDS = (
  'the a to and of we it is in for on this that ship deploy review merge fix bug board card ' +
  'sprint meeting today tomorrow please thanks done blocked waiting test build release api ' +
  'database query index latency cache queue worker retry timeout alert ok sounds good lgtm'
).split(' ')
