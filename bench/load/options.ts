/*
|--------------------------------------------------------------------------
| Command-line options of the load generator
|--------------------------------------------------------------------------
|
| `--name=value` or `--name value`; `--capacity` alone. Unknown flags are
| refused, so a typo never silently runs the defaults. bench/README.md lists
| them all.
|
*/

const DEFAULTS = {
  'users': '100',
  'duration': '60',
  'capacity': 'false',
  'step': '100',
  'hold': '60',
  'max-users': '2000',
  'time-scale': '1',
  'think': '108',
  'ramp': '8',
  'ramp-every': '2',
  'window': '30',
  'timeout': '10',
  'port': '3360',
  'connections': '256',
  'max-errors': '0.025',
  'max-mean': '100',
  'max-p99': '2000',
  'max-cpu': '85',
  'members': '50',
  'users-per-channel': '20',
  'board-every': '3',
  'cards': '50',
  'history': '100',
  'dms': '2',
  'replies': '0.18',
}

type Name = keyof typeof DEFAULTS

function parse(argv: string[]) {
  const values: Record<string, string> = { ...DEFAULTS }
  for (let index = 0; index < argv.length; index++) {
    const arg = argv[index]
    if (!arg.startsWith('--')) throw new Error(`unexpected argument ${arg}`)
    const [name, inline] = arg.slice(2).split(/=(.*)/s, 2)
    if (!(name in DEFAULTS)) throw new Error(`unknown option --${name} (see bench/README.md)`)
    if (inline !== undefined) values[name] = inline
    else if (name === 'capacity') values[name] = 'true'
    else if (argv[index + 1] !== undefined && !argv[index + 1].startsWith('--')) {
      values[name] = argv[++index]
    } else throw new Error(`--${name} needs a value`)
  }
  const number = (name: Name) => {
    const value = Number(values[name])
    if (!Number.isFinite(value) || value < 0) throw new Error(`--${name} must be a number >= 0`)
    return value
  }
  const capacity = values.capacity === 'true'
  const db = process.env.DB_CONNECTION === 'pg' ? ('pg' as const) : ('sqlite' as const)
  if (process.env.DB_CONNECTION && !['pg', 'sqlite'].includes(process.env.DB_CONNECTION)) {
    throw new Error('DB_CONNECTION must be sqlite (the default) or pg')
  }
  const options = {
    capacity,
    /** Fixed mode: users to ramp to, then hold for `duration` seconds. */
    users: number('users'),
    duration: number('duration'),
    /** Capacity mode: plateaus of `step` more users, each held `hold` seconds. */
    step: number('step'),
    hold: number('hold'),
    maxUsers: number('max-users'),
    timeScale: Math.max(number('time-scale'), 0.001),
    thinkSeconds: number('think'),
    rampUsers: Math.max(1, number('ramp')),
    rampEverySeconds: number('ramp-every'),
    windowSeconds: Math.max(1, number('window')),
    timeoutMs: number('timeout') * 1000,
    port: number('port'),
    connections: Math.max(1, number('connections')),
    criteria: {
      maxErrorPercent: number('max-errors'),
      maxMeanMs: number('max-mean'),
      maxP99Ms: number('max-p99'),
      maxCpuPercent: number('max-cpu'),
    },
    seed: {
      members: number('members'),
      usersPerChannel: Math.max(1, number('users-per-channel')),
      boardEvery: Math.max(1, number('board-every')),
      cards: number('cards'),
      history: number('history'),
      dms: number('dms'),
    },
    replyShare: number('replies'),
    db,
    argv,
  }
  if (options.port < 3360 || options.port > 3369) {
    throw new Error('--port must be in 3360-3369, the load test range')
  }
  return options
}

export type Options = ReturnType<typeof parse>

export const options = parse(process.argv.slice(2))

/** Users to seed: everyone the run may start. */
export function seededUsers() {
  return options.capacity ? options.maxUsers : options.users
}
