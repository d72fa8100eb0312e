import { randomBytes } from 'node:crypto'
import { test } from '@japa/runner'
import type { Assert } from '@japa/assert'
import type { Group, TestContext } from '@japa/runner/core'
import { DateTime } from 'luxon'
import { v7 as uuidv7 } from 'uuid'
import db from '@adonisjs/lucid/services/db'
import limiter from '@adonisjs/limiter/services/main'
import type Team from '#app/models/team'
import TeamService from '#app/services/team_service'
import { dbTimestamp } from '#app/helpers/dates'
import Channel from '#chat/models/channel'
import SearchReindex from '#commands/search_reindex'
import { UserFactory } from '#database/factories/user_factory'
import { errorsOf, rawOutput, run } from '#tests/helpers/ace'
import { count } from '#tests/helpers/data'
import { TEAM_NOT_FOUND, UNAUTHENTICATED, assertError } from '#tests/helpers/assertions'
import { withToken } from '#tests/helpers/auth'
import { createChannel, removeTeam, send, teamCast } from '#tests/helpers/chat'
import { WebClient, expectStatus } from '#tests/helpers/web_client'

/*
 * Search tests commit their data: InnoDB FULLTEXT does not see rows of an
 * uncommitted transaction, so the usual global transaction (`isolate`)
 * would hide every post from MySQL/MariaDB. Each test makes its own team
 * with words of its own, and removes the team when it ends.
 */

type Cleanup = TestContext['cleanup']
type Params = Record<string, string | number>
type Result = {
  post: { id: string; message: string; rootId: string | null; userId: string }
  channel: { id: string; name: string | null; displayName: string; type: string }
  root: { id: string; message: string } | null
  snippet: { text: string; highlights: Array<[number, number]> }
  score: number | null
}

/** Fresh rate-limit counters for each test, as `isolate` gives, without its transaction. */
function freshLimits(group: Group) {
  group.each.setup(() => limiter.clear())
}

/** A word no other test uses, so that no test can find another's posts. */
function uniqueWord(stem = 'w') {
  return `${stem}${randomBytes(5).toString('hex')}`
}

/**
 * The team "Hearth" of `teamCast` (admin, alice, bob, carol, all in town-square), committed and
 * removed when the test ends, with a token client for each plain member.
 */
async function searchCast(cleanup: Cleanup) {
  const cast = await teamCast({ carol: true })
  const { team, admin, alice, bob, carol } = cast
  cleanup(() => removeTeam(team, [admin, alice, bob, carol]))
  const [alices, bobs, carols] = await Promise.all(
    [alice, bob, carol].map((user) => withToken(user))
  )
  return { ...cast, alices, bobs, carols }
}

/** Another user, not in the team, removed when the test ends. */
async function outsider(cleanup: Cleanup) {
  const user = await UserFactory.create()
  cleanup(async () => {
    await db.from('users').where('id', user.id).delete()
  })
  return user
}

function searchPath(team: Team | string, q: string, params: Params = {}) {
  const teamId = typeof team === 'string' ? team : team.id
  const query = new URLSearchParams({ q })
  for (const [name, value] of Object.entries(params)) query.set(name, String(value))
  return `/api/v1/teams/${teamId}/search?${query}`
}

function search(client: WebClient, team: Team | string, q: string, params: Params = {}) {
  return client.get(searchPath(team, q, params))
}

/** The results of a search the test expects to succeed, in the order they came. */
async function results(client: WebClient, team: Team, q: string, params: Params = {}) {
  const response = expectStatus(await search(client, team, q, params), 200)
  return response.body.data as Result[]
}

/** The ids of the posts a search found, in the order they came. */
async function found(client: WebClient, team: Team, q: string, params: Params = {}) {
  const list = await results(client, team, q, params)
  return list.map((result) => result.post.id)
}

/** Follows `next` from the first page to the last and returns the ids of each page. */
async function pagesOf(assert: Assert, client: WebClient, team: Team, q: string, params: Params) {
  const pages: string[][] = []
  let response = await search(client, team, q, params)
  for (;;) {
    assert.equal(response.status, 200, JSON.stringify(response.body))
    pages.push(response.body.data.map((result: Result) => result.post.id))
    if (response.body.next === null) return pages
    assert.isBelow(pages.length, 20, 'pagination never ends')
    response = await search(client, team, q, { ...params, after: response.body.next })
  }
}

/** Moves a post to another moment, in the posts table and in the index alike. */
async function backdate(postId: string, at: string) {
  const value = dbTimestamp(db.connection(), DateTime.fromISO(at))
  await db.from('posts').where('id', postId).update({ created_at: value })
  await db.from('post_search').where('post_id', postId).update({ created_at: value })
}

/** Uploads a small text file into a channel through the real multipart route; answers its id. */
async function upload(client: WebClient, channelId: string, name: string) {
  const form = new FormData()
  form.append('file', new Blob(['some notes\n'], { type: 'text/plain' }), name)
  const response = await fetch(`${WebClient.baseUrl()}/api/v1/channels/${channelId}/files`, {
    method: 'POST',
    headers: { authorization: `Bearer ${client.token}`, accept: 'application/json' },
    body: form,
  })
  const body = (await response.json()) as { id: string }
  if (response.status !== 201) {
    throw new Error(`upload failed: ${response.status} ${JSON.stringify(body)}`)
  }
  return body.id
}

/** The text a highlight marks in a result's snippet. */
function highlighted(result: Result) {
  return result.snippet.highlights.map(([start, end]) => result.snippet.text.slice(start, end))
}

test.group('Search: words and phrases', (group) => {
  freshLimits(group)

  test('every word must appear, in any order and any case', async ({ assert, cleanup }) => {
    const { team, townSquare, alices } = await searchCast(cleanup)
    const [alpha, bravo] = [uniqueWord('alpha'), uniqueWord('bravo')]
    const both = await send(alices, townSquare.id, `${alpha} and ${bravo}`)
    const reversed = await send(alices, townSquare.id, `${bravo.toUpperCase()} then ${alpha}`)
    const one = await send(alices, townSquare.id, `only ${alpha} here`)

    assert.sameMembers(await found(alices, team, `${alpha} ${bravo}`), [both.id, reversed.id])
    assert.sameMembers(await found(alices, team, alpha.toUpperCase()), [
      both.id,
      reversed.id,
      one.id,
    ])
    assert.deepEqual(await found(alices, team, `${alpha} ${uniqueWord()}`), [])
  })

  test('a quoted phrase matches its words side by side, in that order', async ({
    assert,
    cleanup,
  }) => {
    const { team, townSquare, alices } = await searchCast(cleanup)
    const [release, train] = [uniqueWord('release'), uniqueWord('train')]
    const inOrder = await send(alices, townSquare.id, `the ${release} ${train} leaves at noon`)
    const swapped = await send(alices, townSquare.id, `${train} ${release} notes`)
    const apart = await send(alices, townSquare.id, `${release} the ${train}`)

    assert.deepEqual(await found(alices, team, `"${release} ${train}"`), [inOrder.id])
    assert.deepEqual(await found(alices, team, `"${train} ${release}"`), [swapped.id])
    assert.sameMembers(await found(alices, team, `${train} ${release}`), [
      inOrder.id,
      swapped.id,
      apart.id,
    ])
    assert.deepEqual(await found(alices, team, `"${release} ${uniqueWord()}"`), [])
  })

  test('a word ending in a star finds every word it begins, and a plain word only itself', async ({
    assert,
    cleanup,
  }) => {
    const { team, townSquare, alices } = await searchCast(cleanup)
    const stem = uniqueWord('deploy')
    const ing = await send(alices, townSquare.id, `${stem}ing now`)
    const ment = await send(alices, townSquare.id, `the ${stem}ment is ready`)
    const exact = await send(alices, townSquare.id, `${stem} it`)
    await send(alices, townSquare.id, `re${stem} later`)

    assert.sameMembers(await found(alices, team, `${stem}*`), [ing.id, ment.id, exact.id])
    assert.deepEqual(await found(alices, team, stem), [exact.id], 'no stemming')
    assert.deepEqual(await found(alices, team, `${stem}x*`), [])
  })

  test('a word or a phrase after a minus leaves out the messages holding it', async ({
    assert,
    cleanup,
  }) => {
    const { team, townSquare, alices } = await searchCast(cleanup)
    const ship = uniqueWord('ship')
    const staging = await send(alices, townSquare.id, `${ship} to staging`)
    const prod = await send(alices, townSquare.id, `${ship} to prod`)
    const dryRun = await send(alices, townSquare.id, `${ship} as a dry run`)
    const runDry = await send(alices, townSquare.id, `${ship} and run dry`)

    assert.sameMembers(await found(alices, team, `${ship} -staging`), [
      prod.id,
      dryRun.id,
      runDry.id,
    ])
    assert.sameMembers(await found(alices, team, `${ship} -"dry run"`), [
      staging.id,
      prod.id,
      runDry.id,
    ])
    assert.sameMembers(await found(alices, team, `${ship} -staging -"dry run" -pro*`), [runDry.id])
    assert.sameMembers(await found(alices, team, `${ship} -${uniqueWord()}`), [
      staging.id,
      prod.id,
      dryRun.id,
      runDry.id,
    ])
  })

  test('short and common words such as "go", "the" and "a" are found', async ({
    assert,
    cleanup,
  }) => {
    const { team, townSquare, alices } = await searchCast(cleanup)
    const tag = uniqueWord()
    const post = await send(alices, townSquare.id, `${tag} we go to the office at 9 with a map`)
    const other = await send(alices, townSquare.id, `${tag} nothing short here`)

    for (const q of ['go', 'the', 'a', '9', '"go to the office"', '"with a map"', 'about']) {
      const expected = q === 'about' ? [] : [post.id]
      assert.deepEqual(await found(alices, team, `${tag} ${q}`), expected, q)
    }
    assert.deepEqual(await found(alices, team, `${tag} of`), [], '"of" is not "office"')
    assert.deepEqual(await found(alices, team, `${tag} shor*`), [other.id])
  })

  test('accents on Latin letters are folded, so cafe and café find each other', async ({
    assert,
    cleanup,
  }) => {
    const { team, townSquare, alices } = await searchCast(cleanup)
    const tag = uniqueWord()
    const accented = await send(alices, townSquare.id, `${tag} Café crème at Zoë's`)
    const plain = await send(alices, townSquare.id, `${tag} cafe noir`)

    assert.sameMembers(await found(alices, team, `${tag} cafe`), [accented.id, plain.id])
    assert.sameMembers(await found(alices, team, `${tag} CAFÉ`), [accented.id, plain.id])
    assert.deepEqual(await found(alices, team, `${tag} creme zoe`), [accented.id])
    assert.deepEqual(await found(alices, team, `${tag} cafes`), [])
  })

  test('full-width letters and digits find their ASCII twins, and back', async ({
    assert,
    cleanup,
  }) => {
    const { team, townSquare, alices } = await searchCast(cleanup)
    const tag = uniqueWord()
    const wide = await send(alices, townSquare.id, `${tag} ＨＥＬＬＯ ｗｏｒｌｄ ２０２４`)
    const narrow = await send(alices, townSquare.id, `${tag} plain ascii`)

    assert.deepEqual(await found(alices, team, `${tag} hello 2024`), [wide.id])
    assert.deepEqual(await found(alices, team, `${tag} "hello world"`), [wide.id])
    assert.deepEqual(await found(alices, team, `${tag} ＡＳＣＩＩ`), [narrow.id])
    assert.deepEqual(await found(alices, team, `${tag} ｈｅｌｌｏｗ`), [])
  })
})

test.group('Search: Chinese and Japanese', (group) => {
  freshLimits(group)

  test('Chinese is found by a word, a longer substring or a single character', async ({
    assert,
    cleanup,
  }) => {
    const { team, townSquare, alices } = await searchCast(cleanup)
    const tag = uniqueWord()
    const beijing = await send(alices, townSquare.id, `${tag} 我们明天去北京开会讨论项目`)
    const shanghai = await send(alices, townSquare.id, `${tag} 上海的天气很好`)

    assert.deepEqual(await found(alices, team, `${tag} 北京`), [beijing.id])
    assert.deepEqual(await found(alices, team, `${tag} 北京开会`), [beijing.id])
    assert.deepEqual(await found(alices, team, `${tag} 京`), [beijing.id])
    assert.deepEqual(await found(alices, team, `${tag} 目`), [beijing.id], 'the last character')
    assert.deepEqual(await found(alices, team, `${tag} 气`), [shanghai.id])
    assert.deepEqual(await found(alices, team, `${tag} 我们明天去北京开会讨论项目`), [beijing.id])
  })

  test('Chinese that is not in the text is not found, even made of its characters', async ({
    assert,
    cleanup,
  }) => {
    const { team, townSquare, alices } = await searchCast(cleanup)
    const tag = uniqueWord()
    await send(alices, townSquare.id, `${tag} 我们明天去北京开会讨论项目`)

    for (const q of ['广州', '京北', '北京讨论', '开会北京', '項目', '去北京开会讨论项目吧']) {
      assert.deepEqual(await found(alices, team, `${tag} ${q}`), [], q)
    }
  })

  test('Japanese kana and kanji are found by substrings', async ({ assert, cleanup }) => {
    const { team, townSquare, alices } = await searchCast(cleanup)
    const tag = uniqueWord()
    const tower = await send(alices, townSquare.id, `${tag} 昨日、東京タワーに行きました。`)
    const kana = await send(alices, townSquare.id, `${tag} ひらがなとカタカナのテスト`)

    for (const q of ['東京', 'タワー', '東京タワー', '行き', 'きま', 'ー', '昨日']) {
      assert.deepEqual(await found(alices, team, `${tag} ${q}`), [tower.id], q)
    }
    for (const q of ['ひらがな', 'カタカナ', 'テスト', 'な']) {
      assert.deepEqual(await found(alices, team, `${tag} ${q}`), [kana.id], q)
    }
    for (const q of ['大阪', 'タワー東京', 'ワタ']) {
      assert.deepEqual(await found(alices, team, `${tag} ${q}`), [], q)
    }
  })

  test('Latin words written against Chinese are found, alone or as a phrase with it', async ({
    assert,
    cleanup,
  }) => {
    const { team, townSquare, alices } = await searchCast(cleanup)
    const tag = uniqueWord()
    const mixed = await send(alices, townSquare.id, `${tag} 我们用Python写代码很开心`)
    const spaced = await send(alices, townSquare.id, `${tag} hello 世界!`)

    for (const q of ['python', '代码', '"Python写代码"', 'Python写', '"用Python"', '"用 python"']) {
      assert.deepEqual(await found(alices, team, `${tag} ${q}`), [mixed.id], q)
    }
    assert.deepEqual(await found(alices, team, `${tag} "hello 世界"`), [spaced.id])
    assert.deepEqual(await found(alices, team, `${tag} 世界 hello`), [spaced.id])
    for (const q of ['"代码 Python"', '"Python代码"', '"世界 hello"']) {
      assert.deepEqual(await found(alices, team, `${tag} ${q}`), [], q)
    }
  })
})

test.group('Search: filters', (group) => {
  freshLimits(group)

  test('from: keeps the messages of one author', async ({ assert, cleanup }) => {
    const { team, townSquare, alices, bobs, alice, bob } = await searchCast(cleanup)
    const tag = uniqueWord()
    const byAlice = await send(alices, townSquare.id, `${tag} from alice`)
    const byBob = await send(bobs, townSquare.id, `${tag} from bob`)

    assert.deepEqual(await found(alices, team, `${tag} from:@${alice.username}`), [byAlice.id])
    assert.deepEqual(await found(alices, team, `from:${bob.username.toUpperCase()} ${tag}`), [
      byBob.id,
    ])
    assert.sameMembers(
      await found(alices, team, `${tag} from:@${alice.username} from:@${bob.username}`),
      [byAlice.id, byBob.id]
    )
  })

  test('from: someone who wrote nothing there finds nothing', async ({ assert, cleanup }) => {
    const { team, townSquare, alices, carol } = await searchCast(cleanup)
    const tag = uniqueWord()
    await send(alices, townSquare.id, `${tag} from alice`)

    assert.deepEqual(await found(alices, team, `${tag} from:@${carol.username}`), [])
  })

  test('in: keeps the messages of one channel', async ({ assert, cleanup }) => {
    const { team, townSquare, alices, bob } = await searchCast(cleanup)
    const name = uniqueWord('dev-')
    const devId = await createChannel(alices, team, 'public', name, [bob])
    const tag = uniqueWord()
    const inSquare = await send(alices, townSquare.id, `${tag} in the square`)
    const inDev = await send(alices, devId, `${tag} in dev`)

    assert.deepEqual(await found(alices, team, `${tag} in:~${name}`), [inDev.id])
    assert.deepEqual(await found(alices, team, `${tag} in:town-square`), [inSquare.id])
    assert.sameMembers(await found(alices, team, `${tag} in:~${name} in:~town-square`), [
      inDev.id,
      inSquare.id,
    ])
  })

  test('before:, after: and on: are days in UTC unless a time zone is given', async ({
    assert,
    cleanup,
  }) => {
    const { team, townSquare, alices } = await searchCast(cleanup)
    const tag = uniqueWord()
    const early = await send(alices, townSquare.id, `${tag} early`)
    const lateNight = await send(alices, townSquare.id, `${tag} late at night`)
    const later = await send(alices, townSquare.id, `${tag} later`)
    await backdate(early.id, '2024-03-09T12:00:00Z')
    await backdate(lateNight.id, '2024-03-10T23:30:00Z')
    await backdate(later.id, '2024-03-12T12:00:00Z')
    const sameMembers = async (q: string, expected: string[], params: Params = {}) =>
      assert.sameMembers(await found(alices, team, `${tag} ${q}`, params), expected, q)

    await sameMembers('on:2024-03-10', [lateNight.id])
    await sameMembers('on:2024-03-11', [])
    await sameMembers('before:2024-03-10', [early.id])
    await sameMembers('before:2024-03-11', [early.id, lateNight.id])
    await sameMembers('after:2024-03-10', [later.id])
    await sameMembers('after:2024-03-09', [lateNight.id, later.id])
    await sameMembers('after:2024-03-09 before:2024-03-12', [lateNight.id])
    await sameMembers('after:2024-03-12', [])

    const tokyo = { timeZone: 'Asia/Tokyo' }
    await sameMembers('on:2024-03-11', [lateNight.id], tokyo)
    await sameMembers('on:2024-03-10', [], tokyo)
    await sameMembers('before:2024-03-11', [early.id], tokyo)
    await sameMembers('after:2024-03-10', [lateNight.id, later.id], tokyo)
    const honolulu = { timeZone: 'Pacific/Honolulu' }
    await sameMembers('on:2024-03-10', [lateNight.id], honolulu)
    await sameMembers('on:2024-03-09', [early.id], honolulu)
  })

  test('has:file keeps messages with an attached file', async ({ assert, cleanup }) => {
    const { team, townSquare, alices } = await searchCast(cleanup)
    const tag = uniqueWord()
    const fileId = await upload(alices, townSquare.id, 'notes.txt')
    const response = await alices.post(`/api/v1/channels/${townSquare.id}/posts`, {
      message: `${tag} the notes`,
      fileIds: [fileId],
    })
    const withFile = expectStatus(response, 201).body
    const onlyFile = expectStatus(
      await alices.post(`/api/v1/channels/${townSquare.id}/posts`, {
        message: '',
        fileIds: [await upload(alices, townSquare.id, 'more.txt')],
      }),
      201
    ).body
    await send(alices, townSquare.id, `${tag} no file, just words about files`)

    assert.deepEqual(await found(alices, team, `${tag} has:file`), [withFile.id])
    assert.sameMembers(await found(alices, team, 'has:file'), [withFile.id, onlyFile.id])
    assert.deepEqual(await found(alices, team, `${tag} has:file -notes`), [])
  })

  test('has:link keeps messages with a link', async ({ assert, cleanup }) => {
    const { team, townSquare, alices } = await searchCast(cleanup)
    const tag = uniqueWord()
    const https = await send(alices, townSquare.id, `${tag} see https://example.com/docs`)
    const www = await send(alices, townSquare.id, `${tag} or www.example.org`)
    await send(alices, townSquare.id, `${tag} no link, example.com is just a name`)

    assert.sameMembers(await found(alices, team, `${tag} has:link`), [https.id, www.id])
    assert.deepEqual(await found(alices, team, `${tag} has:link docs`), [https.id])
    assert.deepEqual(await found(alices, team, `${tag} has:link name`), [])
  })

  test('is:pinned keeps pinned messages, and unpinning takes them out', async ({
    assert,
    cleanup,
  }) => {
    const { team, townSquare, alices, bobs } = await searchCast(cleanup)
    const tag = uniqueWord()
    const pinned = await send(alices, townSquare.id, `${tag} pin me`)
    const loose = await send(alices, townSquare.id, `${tag} leave me`)
    expectStatus(await bobs.put(`/api/v1/posts/${pinned.id}/pin`), 200)

    assert.deepEqual(await found(alices, team, `${tag} is:pinned`), [pinned.id])
    assert.deepEqual(await found(alices, team, `${tag} is:pinned leave`), [])

    expectStatus(await bobs.delete(`/api/v1/posts/${pinned.id}/pin`), 200)
    assert.deepEqual(await found(alices, team, `${tag} is:pinned`), [])
    assert.sameMembers(await found(alices, team, tag), [pinned.id, loose.id])
  })

  test('is:thread keeps roots that have replies and the replies', async ({ assert, cleanup }) => {
    const { team, townSquare, alices, bobs } = await searchCast(cleanup)
    const tag = uniqueWord()
    const root = await send(alices, townSquare.id, `${tag} a question`)
    const reply = await send(bobs, townSquare.id, `${tag} an answer`, root.id)
    const lonely = await send(alices, townSquare.id, `${tag} nobody answers`)

    assert.sameMembers(await found(alices, team, `${tag} is:thread`), [root.id, reply.id])
    assert.deepEqual(await found(alices, team, `${tag} is:thread nobody`), [])
    assert.sameMembers(await found(alices, team, tag), [root.id, reply.id, lonely.id])
  })

  test('a filter alone is a search, newest first and without scores', async ({
    assert,
    cleanup,
  }) => {
    const { team, townSquare, alices, bobs, bob } = await searchCast(cleanup)
    const first = await send(bobs, townSquare.id, uniqueWord())
    const second = await send(bobs, townSquare.id, uniqueWord())
    await send(alices, townSquare.id, uniqueWord())
    await backdate(first.id, '2024-01-01T10:00:00Z')
    await backdate(second.id, '2024-01-02T10:00:00Z')

    const listed = await results(alices, team, `from:@${bob.username}`)

    assert.deepEqual(
      listed.map((result) => result.post.id),
      [second.id, first.id]
    )
    assert.deepEqual(
      listed.map((result) => [result.score, result.snippet.highlights]),
      [
        [null, []],
        [null, []],
      ]
    )
  })

  test('operators combine: every one must hold', async ({ assert, cleanup }) => {
    const { team, townSquare, alices, bobs, alice, bob } = await searchCast(cleanup)
    const name = uniqueWord('ops-')
    const opsId = await createChannel(alices, team, 'public', name, [bob])
    const tag = uniqueWord()
    const root = await send(bobs, opsId, `${tag} outage report`)
    const match = await send(alices, opsId, `${tag} fixed, see https://status.example.com`, root.id)
    const q = `${tag} fix* from:@${alice.username} in:~${name} has:link is:thread -staging after:2020-01-01 before:2999-01-01`

    assert.deepEqual(await found(alices, team, q), [match.id])

    // Each of these fails exactly one condition of the search.
    const misses = [
      await send(bobs, opsId, `${tag} fixed, see https://status.example.com`, root.id),
      await send(alices, townSquare.id, `${tag} fixed, see https://status.example.com`),
      await send(alices, opsId, `${tag} fixed, see status page`, root.id),
      await send(alices, opsId, `${tag} fixed, see https://status.example.com`),
      await send(alices, opsId, `${tag} fixed staging, see https://status.example.com`, root.id),
      await send(alices, opsId, `${tag} done, see https://status.example.com`, root.id),
      await send(alices, opsId, `${tag} fixed, see https://status.example.com`, root.id),
    ]
    await backdate(misses[6].id, '2019-06-01T00:00:00Z')

    assert.deepEqual(await found(alices, team, q), [match.id])
    const unfiltered = await found(alices, team, tag, { limit: 100 })
    for (const miss of misses) assert.include(unfiltered, miss.id)
  })
})

test.group('Search: results', (group) => {
  freshLimits(group)

  test('a result carries its channel, and a reply its thread root', async ({ assert, cleanup }) => {
    const { team, townSquare, alices, bobs, alice } = await searchCast(cleanup)
    const tag = uniqueWord()
    const answer = uniqueWord('answer')
    const root = await send(alices, townSquare.id, `the question ${tag}`)
    const reply = await send(bobs, townSquare.id, `the ${answer}`, root.id)

    const [rootResult] = await results(alices, team, tag)
    const [replyResult] = await results(alices, team, answer)

    assert.deepEqual(rootResult.channel, {
      id: townSquare.id,
      name: 'town-square',
      displayName: townSquare.displayName,
      type: 'public',
    })
    assert.equal(rootResult.post.id, root.id)
    assert.equal(rootResult.post.userId, alice.id)
    assert.isNull(rootResult.root)
    assert.equal(replyResult.post.id, reply.id)
    assert.equal(replyResult.post.rootId, root.id)
    assert.equal(replyResult.root?.id, root.id)
    assert.equal(replyResult.root?.message, root.message)
    assert.isAbove(replyResult.score!, 0)
  })

  test('highlights point at the matched words of the snippet', async ({ assert, cleanup }) => {
    const { team, townSquare, alices } = await searchCast(cleanup)
    const stem = uniqueWord('deploy')
    const message = `Please ${stem} the Café build, then ${stem}ing 北京 again`
    await send(alices, townSquare.id, message)

    const [result] = await results(alices, team, `${stem}* cafe 京`)

    assert.equal(result.snippet.text, message)
    assert.deepEqual(highlighted(result), [stem, 'Café', `${stem}ing`, '京'])
  })

  test('a long message is cut around the match, with an ellipsis', async ({ assert, cleanup }) => {
    const { team, townSquare, alices } = await searchCast(cleanup)
    const needle = uniqueWord('needle')
    const message = `${'lorem ipsum dolor '.repeat(30)}${needle}${' sit amet'.repeat(60)}`
    await send(alices, townSquare.id, message)

    const [result] = await results(alices, team, needle)

    assert.isTrue(result.snippet.text.startsWith('…'))
    assert.isTrue(result.snippet.text.endsWith('…'))
    assert.isBelow(result.snippet.text.length, message.length)
    assert.include(message, result.snippet.text.slice(1, -1))
    assert.deepEqual(highlighted(result), [needle])
  })

  test('by relevance a message repeating the word ranks above one that says it once', async ({
    assert,
    cleanup,
  }) => {
    const { team, townSquare, alices } = await searchCast(cleanup)
    const kiwi = uniqueWord('kiwi')
    // Most messages lack the word, so that it weighs something (SQLite's BM25, MySQL's IDF).
    for (let i = 0; i < 4; i++) await send(alices, townSquare.id, `filler ${uniqueWord()}`)
    const repeated = await send(alices, townSquare.id, `${kiwi} ${kiwi} ${kiwi} ${kiwi} pie`)
    const once = await send(alices, townSquare.id, `I had a ${kiwi} for lunch today`)

    const byRelevance = await results(alices, team, kiwi)
    const byDate = await results(alices, team, kiwi, { sort: 'newest' })

    assert.deepEqual(
      byRelevance.map((result) => result.post.id),
      [repeated.id, once.id]
    )
    assert.isAbove(byRelevance[0].score!, byRelevance[1].score!)
    assert.deepEqual(
      byDate.map((result) => result.post.id),
      [once.id, repeated.id]
    )
    assert.deepEqual(
      byDate.map((result) => result.score),
      [null, null]
    )
  })

  test('next pages through every match once, two at a time, by relevance or newest', async ({
    assert,
    cleanup,
  }) => {
    const { team, townSquare, alices } = await searchCast(cleanup)
    const fig = uniqueWord('fig')
    // Most messages lack the word, so that it weighs something (SQLite's BM25, MySQL's IDF).
    for (let i = 0; i < 12; i++) await send(alices, townSquare.id, `filler ${uniqueWord()}`)
    const posts = []
    for (const times of [1, 2, 1, 3, 2, 1, 1]) {
      posts.push(await send(alices, townSquare.id, `${`${fig} `.repeat(times)}end`))
    }
    await backdate(posts[5].id, '2024-05-01T00:00:00Z')
    await backdate(posts[6].id, '2024-05-01T00:00:00Z')
    const all = posts.map((post) => post.id)

    for (const sort of ['relevance', 'newest']) {
      const pages = await pagesOf(assert, alices, team, fig, { sort, limit: 2 })
      const walked = pages.flat()

      assert.deepEqual(
        pages.map((page) => page.length),
        [2, 2, 2, 1],
        sort
      )
      assert.lengthOf(new Set(walked), walked.length, `${sort}: no duplicates`)
      assert.sameMembers(walked, all, `${sort}: no gaps`)
      assert.deepEqual(walked, await found(alices, team, fig, { sort, limit: 100 }), sort)
    }
    const newest = await pagesOf(assert, alices, team, fig, { sort: 'newest', limit: 2 })
    assert.sameMembers(newest.flat().slice(-2), [all[5], all[6]], 'the backdated come last')
    const ranked = await results(alices, team, fig, { limit: 100 })
    const scores = ranked.map((result) => result.score!)
    assert.deepEqual(
      scores,
      [...scores].sort((a, b) => b - a)
    )
    assert.equal(ranked[0].post.id, all[3], 'the message with the word three times comes first')
  })

  test('a cursor the server did not issue, or of the other sort, is refused', async ({
    assert,
    cleanup,
  }) => {
    const { team, townSquare, alices } = await searchCast(cleanup)
    const tag = uniqueWord()
    for (let i = 0; i < 3; i++) await send(alices, townSquare.id, `${tag} ${i}`)
    const byScore = await search(alices, team, tag, { limit: 1 })
    const byDate = await search(alices, team, tag, { limit: 1, sort: 'newest' })
    const [relevance, newest] = [byScore.body.next, byDate.body.next]
    const invalid = { code: 'invalid_cursor', field: 'after' }

    for (const after of ['garbage', Buffer.from('[1]').toString('base64url'), newest]) {
      assertError(assert, await search(alices, team, tag, { after }), 422, invalid)
    }
    assertError(
      assert,
      await search(alices, team, tag, { after: relevance, sort: 'newest' }),
      422,
      invalid
    )
    const resumed = await search(alices, team, tag, { after: relevance })
    assert.equal(resumed.status, 200)
    assert.lengthOf(resumed.body.data, 2)
  })
})

test.group('Search: the index follows the posts', (group) => {
  freshLimits(group)

  test('an edited message is found by its new words and no longer by its old ones', async ({
    assert,
    cleanup,
  }) => {
    const { team, townSquare, alices } = await searchCast(cleanup)
    const [old, kept, fresh] = [uniqueWord('old'), uniqueWord('kept'), uniqueWord('new')]
    const post = await send(alices, townSquare.id, `${old} ${kept}`)

    const edited = await alices.patch(`/api/v1/posts/${post.id}`, { message: `${fresh} ${kept}` })

    expectStatus(edited, 200)
    assert.deepEqual(await found(alices, team, old), [])
    assert.deepEqual(await found(alices, team, fresh), [post.id])
    assert.deepEqual(await found(alices, team, kept), [post.id])
    const [result] = await results(alices, team, fresh)
    assert.equal(result.snippet.text, `${fresh} ${kept}`)
  })

  test('a deleted message is no longer found', async ({ assert, cleanup }) => {
    const { team, townSquare, alices } = await searchCast(cleanup)
    const tag = uniqueWord()
    const gone = await send(alices, townSquare.id, `${tag} going away`)
    const stays = await send(alices, townSquare.id, `${tag} staying`)

    expectStatus(await alices.delete(`/api/v1/posts/${gone.id}`), 204)

    assert.deepEqual(await found(alices, team, tag), [stays.id])
    assert.equal(await count('post_search', { post_id: gone.id }), 0)
  })
})

test.group('Search: who sees what', (group) => {
  freshLimits(group)

  test('a private channel is searched only by its members', async ({ assert, cleanup }) => {
    const { team, alices, bobs, carols, carol } = await searchCast(cleanup)
    const name = uniqueWord('secret-')
    const secretId = await createChannel(bobs, team, 'private', name, [carol])
    const tag = uniqueWord()
    const post = await send(bobs, secretId, `${tag} for our eyes only`)

    assert.deepEqual(await found(alices, team, tag), [])
    assert.deepEqual(await found(carols, team, tag), [post.id])
    assertError(assert, await search(alices, team, `${tag} in:~${name}`), 422, {
      code: 'unknown_channel',
      field: 'q',
    })
  })

  test('leaving a private channel takes its messages out of searches at once', async ({
    assert,
    cleanup,
  }) => {
    const { team, alices, bobs, alice } = await searchCast(cleanup)
    const name = uniqueWord('plans-')
    const plansId = await createChannel(bobs, team, 'private', name, [alice])
    const tag = uniqueWord()
    const post = await send(bobs, plansId, `${tag} the plan`)
    assert.deepEqual(await found(alices, team, tag), [post.id])

    expectStatus(await alices.delete(`/api/v1/channels/${plansId}/members/me`), 204)

    assert.deepEqual(await found(alices, team, tag), [])
    assertError(assert, await search(alices, team, `${tag} in:~${name}`), 422, {
      code: 'unknown_channel',
      field: 'q',
    })
  })

  test('from: someone of another team is unknown, exactly like a name nobody has', async ({
    assert,
    cleanup,
  }) => {
    const { team, alices } = await searchCast(cleanup)
    const stranger = await outsider(cleanup)

    const foreign = await search(alices, team, `deploy from:@${stranger.username}`)
    const nobody = await search(alices, team, 'deploy from:@no_such_user_here')

    assert.equal(foreign.status, 422)
    assert.deepEqual(foreign.body.errors, [
      { code: 'unknown_user', message: `There is no user @${stranger.username}`, field: 'q' },
    ])
    assert.deepEqual(nobody.body.errors, [
      { code: 'unknown_user', message: 'There is no user @no_such_user_here', field: 'q' },
    ])
  })

  test('a direct message between others never appears', async ({ assert, cleanup }) => {
    const { team, alices, bobs, carols, carol } = await searchCast(cleanup)
    const created = await bobs.post(`/api/v1/teams/${team.id}/channels`, {
      type: 'direct',
      userIds: [carol.id],
    })
    const dmId = expectStatus(created, 201).body.id
    const tag = uniqueWord()
    const post = await send(bobs, dmId, `${tag} just between us`)

    assert.deepEqual(await found(alices, team, tag), [])
    const [result] = await results(carols, team, tag)
    assert.equal(result.post.id, post.id)
    assert.equal(result.channel.type, 'direct')
  })

  test("another team's messages never appear, even to a member of both", async ({
    assert,
    cleanup,
  }) => {
    const { team, townSquare, alices, alice, admin } = await searchCast(cleanup)
    const other = await new TeamService().create(admin, 'Elsewhere')
    cleanup(() => removeTeam(other, []))
    await new TeamService().addMember(other, alice, 'member')
    const otherSquare = await Channel.query()
      .where({ team_id: other.id, is_default: true })
      .firstOrFail()
    const tag = uniqueWord()
    const here = await send(alices, townSquare.id, `${tag} here`)
    const there = await send(alices, otherSquare.id, `${tag} there`)

    assert.deepEqual(await found(alices, team, tag), [here.id])
    assert.deepEqual(await found(alices, other, tag), [there.id])
  })

  test('a public channel one has not joined is searched only when named with in:', async ({
    assert,
    cleanup,
  }) => {
    const { team, alices, bobs } = await searchCast(cleanup)
    const name = uniqueWord('lounge-')
    const loungeId = await createChannel(bobs, team, 'public', name)
    const tag = uniqueWord()
    const post = await send(bobs, loungeId, `${tag} come and join`)

    assert.deepEqual(await found(alices, team, tag), [])
    const [result] = await results(alices, team, `${tag} in:~${name}`)
    assert.equal(result.post.id, post.id)
    assert.equal(result.channel.name, name)
  })

  test('a guest cannot reach a public channel they are not in through in:', async ({
    assert,
    cleanup,
  }) => {
    const { team, bobs } = await searchCast(cleanup)
    const guest = await outsider(cleanup)
    await new TeamService().addMember(team, guest, 'guest')
    const name = uniqueWord('lounge-')
    const loungeId = await createChannel(bobs, team, 'public', name)
    const tag = uniqueWord()
    await send(bobs, loungeId, `${tag} members only`)
    const guests = await withToken(guest)

    assert.deepEqual(await found(guests, team, tag), [])
    assertError(assert, await search(guests, team, `${tag} in:~${name}`), 422, {
      code: 'unknown_channel',
      field: 'q',
    })
  })

  test('someone outside the team gets a 404, as for a team that does not exist', async ({
    assert,
    cleanup,
  }) => {
    const { team, townSquare, alices } = await searchCast(cleanup)
    const tag = uniqueWord()
    await send(alices, townSquare.id, `${tag} inside`)
    const stranger = await withToken(await outsider(cleanup))

    assertError(assert, await search(stranger, team, tag), 404, TEAM_NOT_FOUND)
    assertError(
      assert,
      await search(alices, '01a21f5f-1fb1-752f-a038-f2a209abcf95', tag),
      404,
      TEAM_NOT_FOUND
    )
    assertError(assert, await search(alices, 'not-an-id', tag), 404, TEAM_NOT_FOUND)
  })

  test('a search without signing in is refused', async ({ assert, cleanup }) => {
    const { team } = await searchCast(cleanup)

    assertError(assert, await search(new WebClient(), team, 'anything'), 401, UNAUTHENTICATED)
  })
})

test.group('Search: refusals', (group) => {
  freshLimits(group)

  test('each malformed query is a 422 on q with its own code', async ({ assert, cleanup }) => {
    const { team, alices, alice } = await searchCast(cleanup)
    const cases: Array<[string, string]> = [
      ['deploy foo:bar', 'unknown_operator'],
      ['on:2024-02-30', 'invalid_date'],
      ['before:tomorrow', 'invalid_date'],
      ['deploy from:', 'missing_value'],
      ['deploy in:~', 'missing_value'],
      ['has:picture', 'invalid_filter'],
      ['is:done', 'invalid_filter'],
      [`deploy -from:@${alice.username}`, 'unsupported_operator'],
      ['deploy in:~no-such-channel', 'unknown_channel'],
      ['deploy from:@no_such_user_here', 'unknown_user'],
      ['-deploy', 'empty_query'],
      ['?!', 'empty_query'],
      [Array.from({ length: 21 }, (_, i) => `word${i}`).join(' '), 'too_many_terms'],
    ]

    for (const [q, code] of cases) {
      const response = await search(alices, team, q)
      assertError(assert, response, 422, { code, field: 'q' })
    }
  })

  test('a missing or blank q, a bad limit, sort or time zone fail validation', async ({
    assert,
    cleanup,
  }) => {
    const { team, alices } = await searchCast(cleanup)
    const path = `/api/v1/teams/${team.id}/search`
    const cases: Array<[string, string, string]> = [
      ['', 'required', 'q'],
      ['?q=%20%20', 'minLength', 'q'],
      [`?q=${'a'.repeat(513)}`, 'maxLength', 'q'],
      ['?q=deploy&limit=0', 'range', 'limit'],
      ['?q=deploy&limit=101', 'range', 'limit'],
      ['?q=deploy&limit=1.5', 'withoutDecimals', 'limit'],
      ['?q=deploy&limit=many', 'number', 'limit'],
      ['?q=deploy&sort=oldest', 'enum', 'sort'],
      ['?q=deploy&timeZone=Mars%2FOlympus', 'timeZone', 'timeZone'],
    ]

    for (const [query, code, field] of cases) {
      assertError(assert, await alices.get(`${path}${query}`), 422, { code, field })
    }
    const valid = await alices.get(`${path}?q=deploy&limit=100&timeZone=Europe%2FParis`)
    assert.equal(valid.status, 200)
  })
})

test.group('Search: search:reindex', (group) => {
  freshLimits(group)
  rawOutput(group)

  test('rebuilds a wiped index so that posts are found again', async ({ assert, cleanup }) => {
    const { team, townSquare, alices } = await searchCast(cleanup)
    const tag = uniqueWord()
    const root = await send(alices, townSquare.id, `${tag} the first`)
    const reply = await send(alices, townSquare.id, `${tag} a reply`, root.id)
    const channels = await Channel.query().where('team_id', team.id)
    await db
      .from('post_search')
      .whereIn(
        'channel_id',
        channels.map((channel) => channel.id)
      )
      .delete()
    assert.deepEqual(await found(alices, team, tag), [])

    const command = await run(SearchReindex, ['--quiet', '--batch-size=1'])

    command.assertSucceeded()
    assert.match(command.ui.logger.getLogs().at(-1)!.message, /Indexed \d+ posts in [\d.]+ s/)
    assert.sameMembers(await found(alices, team, tag), [root.id, reply.id])
    assert.deepEqual(
      await found(alices, team, `${tag} is:thread`).then((ids) => ids.sort()),
      [root.id, reply.id].sort()
    )
  })

  test('brings the index up to date with posts changed behind its back', async ({
    assert,
    cleanup,
  }) => {
    const { team, townSquare, alices } = await searchCast(cleanup)
    const [before, after] = [uniqueWord('before'), uniqueWord('after')]
    const post = await send(alices, townSquare.id, `${before} text`)
    await db
      .from('posts')
      .where('id', post.id)
      .update({ message: `${after} text` })
    assert.deepEqual(await found(alices, team, before), [post.id])

    const command = await run(SearchReindex, [])

    command.assertSucceeded()
    assert.deepEqual(await found(alices, team, before), [])
    assert.deepEqual(await found(alices, team, after), [post.id])
  })

  test('a batch of more posts than one insert may hold is indexed, the largest batch too', async ({
    assert,
    cleanup,
  }) => {
    const { team, alice, alices } = await searchCast(cleanup)
    const channelId = await createChannel(alices, team, 'public', uniqueWord('bulk'))
    const tag = uniqueWord()
    // Written behind the index's back, as an import or a restored backup does.
    const rows = Array.from({ length: 1200 }, (_, index) => ({
      id: uuidv7(),
      channel_id: channelId,
      user_id: alice.id,
      seq: index + 1,
      type: '',
      message: `${tag} number ${index}`,
      mentions_all: false,
      reply_count: 0,
      created_at: dbTimestamp(db.connection(), DateTime.now()),
    }))
    for (let start = 0; start < rows.length; start += 400) {
      await db.table('posts').multiInsert(rows.slice(start, start + 400))
    }

    for (const size of ['1000', '10000']) {
      const command = await run(SearchReindex, ['--quiet', `--batch-size=${size}`])

      command.assertSucceeded()
      const page = await results(alices, team, `${tag} number`, { limit: 100, sort: 'newest' })
      assert.lengthOf(page, 100, size)
      assert.equal(await count('post_search', { channel_id: channelId }), 1200, size)
    }
  })

  test('a batch size outside 1 to 10000 is refused with a clear message', async ({ assert }) => {
    for (const size of ['0', '10001', '-5', '2.5']) {
      const command = await run(SearchReindex, ['--quiet', `--batch-size=${size}`])

      command.assertExitCode(1)
      assert.deepEqual(errorsOf(command), ['--batch-size must be between 1 and 10000'], size)
    }
    await assert.rejects(
      () => run(SearchReindex, ['--batch-size=many']),
      'Invalid value. The "batch-size" flag accepts a "numeric" value'
    )
  })
})
