import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join as joinPath } from 'node:path'
import { test } from '@japa/runner'
import * as Y from 'yjs'
import db from '@adonisjs/lucid/services/db'
import type Team from '#app/models/team'
import type User from '#app/models/user'
import TeamService from '#app/services/team_service'
import type Channel from '#chat/models/channel'
import Board from '#boards/models/board'
import { documentStore } from '#boards/services/document_store'
import BoardExport from '#commands/board_export'
import BoardImport from '#commands/board_import'
import { UserFactory } from '#database/factories/user_factory'
import { errorsOf, rawOutput, run } from '#tests/helpers/ace'
import { isolate, withToken } from '#tests/helpers/auth'
import { addCard, documentOf, fieldId, makeBoard, optionOf } from '#tests/helpers/board_api'
import { channelOf, removeTeam, send } from '#tests/helpers/chat'
import { count, usersNamed } from '#tests/helpers/data'
import { join } from '#tests/helpers/memberships'
import { type WebClient, expectStatus } from '#tests/helpers/web_client'

/**
 * board:export and board:import as a backup and its restore (boards/services/board_archive.ts):
 * an archive imported onto a fresh server, or beside its original, brings the board back with
 * its key, card numbers, references, threads and roles, and says what it could not map.
 */

type Card = {
  id: string
  number: number
  ref: string
  threadId: string
  title: string
  values: Record<string, unknown>
}

/** Everything the import's report printed, one line each. */
function reportOf(command: Awaited<ReturnType<typeof run>>) {
  return command.ui.logger
    .getLogs()
    .map((log) => log.message)
    .join('\n')
}

/** The cards of a board's document as the client reads them, by title. */
async function cardsByTitle(client: WebClient, boardId: string): Promise<Map<string, Card>> {
  const document = await documentOf(client, boardId)
  return new Map(document.cards.map((card: Card) => [card.title, card]))
}

/** The ids of the cards a post previews, as the client reads the post. */
async function previewed(client: WebClient, postId: string) {
  const post = expectStatus(await client.get(`/api/v1/posts/${postId}`), 200).body
  return post.embeds.map((embed: { id: string; card: { ref: string; deleted: boolean } }) => ({
    id: embed.id,
    ref: embed.card.ref,
    deleted: embed.card.deleted,
  }))
}

/** Users and a channel `ops` they are all in, in a team "Ops" of olga's. */
async function opsTeam(users: User[]) {
  const [olga, ...others] = users
  const teams = new TeamService()
  const team = await teams.create(olga, 'Ops')
  for (const user of others) await teams.addMember(team, user, 'member')
  const ops = await channelOf(olga, team, 'ops')
  for (const user of others) await join(ops, user)
  return { team, ops }
}

/**
 * A populated board "Platform Ops" keyed OPS: alice made Plan (OPS-1, assigned to her and
 * carol), Scrap (OPS-2, deleted since) and Build (OPS-3, assigned to bob); bob is a viewer and
 * carol an editor by explicit role; all its activity shows in the channel, whose members comment.
 * Exported to `file`.
 */
async function exportedBoard(file: string) {
  const people = await usersNamed(['olga', 'alice', 'bob', 'carol'])
  const [olga, alice, bob, carol] = people
  const { team, ops } = await opsTeam(people)
  const as = { olga: await withToken(olga), alice: await withToken(alice) }
  const board = await makeBoard(as.olga, ops.id, {
    title: 'Platform Ops',
    key: 'OPS',
    template: 'project_tasks',
  })
  const assignee = fieldId(await documentOf(as.olga, board.id), 'Assignee')
  const cards = `/api/v1/boards/${board.id}/cards`
  const plan = await addCard(as.alice, cards, {
    title: 'Plan',
    values: { [assignee]: [alice.id, carol.id] },
  })
  const scrap = await addCard(as.alice, cards, { title: 'Scrap' })
  const build = await addCard(as.alice, cards, {
    title: 'Build',
    description: 'After OPS-1',
    values: { [assignee]: [bob.id] },
  })
  expectStatus(await as.olga.delete(`/api/v1/cards/${scrap.id}`), 204)
  for (const [user, role] of [
    [bob, 'viewer'],
    [carol, 'editor'],
  ] as const) {
    const path = `/api/v1/boards/${board.id}/members/${user.id}`
    expectStatus(await as.olga.put(path, { role }), 200)
  }
  const settings = { channelActivity: 'all', defaultRole: 'commenter' }
  expectStatus(await as.olga.patch(`/api/v1/boards/${board.id}`, settings), 200)
  const exported = await run(BoardExport, [board.id, `--output=${file}`])
  if (exported.exitCode) throw new Error(errorsOf(exported).join('\n'))
  return { team, ops, board, people: { olga, alice, bob, carol }, plan, scrap, build, as }
}

/** The board an import made in a channel (the latest there). */
function importedInto(channel: Channel) {
  return Board.query().where('channel_id', channel.id).orderBy('created_at', 'desc').firstOrFail()
}

/** Forgets a board and its team as a server that never had them: rows, streams and users. */
async function wipe(team: Team, boardId: string, users: User[]) {
  await documentStore.discard(boardId)
  await removeTeam(team, users)
}

test.group('Board archives: export and import as backup and restore', (group) => {
  isolate(group)
  rawOutput(group)
  group.each.setup(() => () => documentStore.close())
  let dir = ''
  group.setup(async () => {
    dir = await mkdtemp(joinPath(tmpdir(), 'hearth-archives-'))
    return () => rm(dir, { recursive: true, force: true })
  })

  test('an export restored onto a fresh server comes back whole: key, numbers, references, threads and roles, and the report names who was not found', async ({
    assert,
  }) => {
    const file = joinPath(dir, 'fresh.json')
    const { team, board, people, plan, scrap, build } = await exportedBoard(file)
    await wipe(team, board.id, Object.values(people))

    // The fresh server's people: olga and alice as they were, bob under another name (same
    // email), and no carol.
    const [olga, alice] = await usersNamed(['olga', 'alice'])
    const robert = await UserFactory.merge({
      username: 'robert',
      email: 'bob@example.test',
    }).create()
    const { ops } = await opsTeam([olga, alice, robert])
    const as = { olga: await withToken(olga), alice: await withToken(alice) }

    const imported = await run(BoardImport, [file, `--channel=${ops.id}`])
    assert.equal(imported.exitCode ?? 0, 0, errorsOf(imported).join('\n'))
    const restored = await importedInto(ops)
    assert.equal(restored.key, 'OPS')
    assert.equal(restored.title, 'Platform Ops')
    assert.equal(restored.lastCardNumber, 3)
    assert.equal(restored.creatorId, olga.id)
    assert.equal(restored.channelActivity, 'all')
    assert.equal(restored.defaultRole, 'commenter')

    // Card ids, numbers and references are the archive's, each card with a thread here.
    const cards = await cardsByTitle(as.alice, restored.id)
    assert.sameMembers([...cards.keys()], ['Plan', 'Build'])
    assert.containsSubset(cards.get('Plan'), { id: plan.id, number: 1, ref: 'OPS-1' })
    assert.containsSubset(cards.get('Build'), { id: build.id, number: 3, ref: 'OPS-3' })
    for (const card of cards.values()) {
      const thread = expectStatus(await as.alice.get(`/api/v1/cards/${card.id}/comments`), 200)
      assert.containsSubset(thread.body.root, {
        id: card.threadId,
        channelId: ops.id,
        type: 'card',
        userId: alice.id,
        props: { cardId: card.id, boardId: restored.id, ref: card.ref },
      })
    }

    // OPS-n in text resolves again, the deleted card's number included.
    const message = await send(as.alice, ops.id, 'compare OPS-1, OPS-2 and OPS-3')
    assert.deepEqual(await previewed(as.alice, message.id), [
      { id: plan.id, ref: 'OPS-1', deleted: false },
      { id: scrap.id, ref: 'OPS-2', deleted: true },
      { id: build.id, ref: 'OPS-3', deleted: false },
    ])

    // People are mapped by username or email; carol, unknown here, is dropped everywhere.
    const document = await documentOf(as.alice, restored.id)
    const assignee = fieldId(document, 'Assignee')
    assert.deepEqual(cards.get('Plan')!.values[assignee], [alice.id])
    assert.deepEqual(cards.get('Build')!.values[assignee], [robert.id])
    const assigned = await db.from('card_assignees').where('board_id', restored.id)
    assert.sameDeepMembers(
      assigned.map((row) => [row.card_id, row.user_id]),
      [
        [plan.id, alice.id],
        [build.id, robert.id],
      ]
    )
    const members = expectStatus(await as.olga.get(`/api/v1/boards/${restored.id}/members`), 200)
    assert.deepEqual(members.body.data, [{ userId: robert.id, role: 'viewer' }])

    // The board goes on: a new card takes the next number; moving Plan, whose assignees were
    // alice and carol, is reported in its thread (carol's id would break following it).
    const next = await addCard(as.olga, `/api/v1/boards/${restored.id}/cards`, { title: 'Next' })
    assert.containsSubset(next, { number: 4, ref: 'OPS-4' })
    const done = optionOf(document, 'Status', 'Done')
    expectStatus(await as.olga.patch(`/api/v1/cards/${plan.id}`, { column: done }), 200)
    const thread = expectStatus(await as.alice.get(`/api/v1/cards/${plan.id}/comments`), 200)
    assert.equal(thread.body.root.id, cards.get('Plan')!.threadId)
    assert.deepEqual(
      thread.body.data.map((post: { type: string; message: string }) => [post.type, post.message]),
      [['card_activity', 'moved this card from **No column** to **Done**']]
    )

    const report = reportOf(imported)
    assert.match(report, /key OPS/)
    assert.match(report, /2 cards/)
    assert.match(report, /carol \(carol@example\.test\)/)
    assert.match(report, /carol.*editor/)
    assert.notMatch(report, /robert|bob\b.*not found/)
  })

  test('an export imported beside its original gets new card ids, and keeps key, numbers and threads; a key taken in the team is refused until another is named', async ({
    assert,
  }) => {
    const file = joinPath(dir, 'beside.json')
    const { ops: original, board, people, plan, build, as } = await exportedBoard(file)
    const { olga, alice } = people
    const elsewhere = await new TeamService().create(olga, 'Elsewhere')
    await new TeamService().addMember(elsewhere, alice, 'member')
    const ops = await channelOf(olga, elsewhere, 'ops')
    await join(ops, alice)

    const imported = await run(BoardImport, [file, `--channel=${ops.id}`])
    assert.equal(imported.exitCode ?? 0, 0, errorsOf(imported).join('\n'))
    const copy = await importedInto(ops)
    assert.equal(copy.key, 'OPS')
    const cards = await cardsByTitle(as.alice, copy.id)
    assert.containsSubset(cards.get('Plan'), { number: 1, ref: 'OPS-1' })
    assert.containsSubset(cards.get('Build'), { number: 3, ref: 'OPS-3' })
    assert.notEqual(cards.get('Plan')!.id, plan.id)
    assert.notEqual(cards.get('Build')!.id, build.id)
    for (const card of cards.values()) {
      const thread = expectStatus(await as.alice.get(`/api/v1/cards/${card.id}/comments`), 200)
      assert.containsSubset(thread.body.root, { id: card.threadId, channelId: ops.id })
    }

    // The original is as it was, and each team's OPS-1 is its own board's.
    const originals = await cardsByTitle(as.alice, board.id)
    assert.containsSubset(originals.get('Plan'), { id: plan.id, threadId: plan.threadId })
    const read = expectStatus(await as.alice.get(`/api/v1/cards/${plan.id}`), 200)
    assert.equal(read.body.boardId, board.id)
    const here = await send(as.alice, ops.id, 'see OPS-1')
    assert.deepEqual(await previewed(as.alice, here.id), [
      { id: cards.get('Plan')!.id, ref: 'OPS-1', deleted: false },
    ])
    const there = await send(as.alice, original.id, 'see OPS-1')
    assert.deepEqual(await previewed(as.alice, there.id), [
      { id: plan.id, ref: 'OPS-1', deleted: false },
    ])

    // Bob and carol are not in this team: their roles and places are left out, and said so.
    const assignee = fieldId(await documentOf(as.alice, copy.id), 'Assignee')
    assert.deepEqual(cards.get('Plan')!.values[assignee], [alice.id])
    assert.isNull(cards.get('Build')!.values[assignee])
    assert.equal(await count('board_members', { board_id: copy.id }), 0)
    const report = reportOf(imported)
    assert.match(report, /2 cards given new ids/)
    assert.match(report, /bob \(bob@example\.test\): the viewer role; named on OPS-3/)
    assert.match(report, /carol \(carol@example\.test\): the editor role; named on OPS-1/)

    // Again into the same team: its key is taken now, and nothing is made until another is named.
    const boards = await count('boards')
    const posts = await count('posts')
    const again = await run(BoardImport, [file, `--channel=${ops.id}`])
    assert.equal(again.exitCode, 1)
    assert.match(errorsOf(again).join('\n'), /already uses the key OPS: name another with --key/)
    assert.equal(await count('boards'), boards)
    assert.equal(await count('posts'), posts)
    const renamed = await run(BoardImport, [file, `--channel=${ops.id}`, '--key=ops2'])
    assert.equal(renamed.exitCode ?? 0, 0, errorsOf(renamed).join('\n'))
    const second = await importedInto(ops)
    assert.equal(second.key, 'OPS2')
    const secondCards = await cardsByTitle(as.alice, second.id)
    assert.containsSubset(secondCards.get('Build'), { number: 3, ref: 'OPS2-3' })
    const third = await send(as.alice, ops.id, 'see OPS2-3')
    assert.deepEqual(await previewed(as.alice, third.id), [
      { id: secondCards.get('Build')!.id, ref: 'OPS2-3', deleted: false },
    ])
  })

  test('board:import refuses a bad key or a broken archive, changing nothing, and gives card keys that are no UUIDs new ids', async ({
    assert,
  }) => {
    const file = joinPath(dir, 'checked.json')
    const { team, ops, board, people, plan } = await exportedBoard(file)
    const archive = JSON.parse(await readFile(file, 'utf8'))
    const before = { boards: await count('boards'), posts: await count('posts') }
    const refusal = async (argv: string[], message: RegExp) => {
      const refused = await run(BoardImport, argv)
      assert.equal(refused.exitCode, 1)
      assert.match(errorsOf(refused).join('\n'), message)
      assert.deepEqual({ boards: await count('boards'), posts: await count('posts') }, before)
    }
    await refusal([file, `--channel=${ops.id}`, '--key=no way'], /key/)

    const broken = joinPath(dir, 'broken.json')
    const twice = [archive.threads[0], { ...archive.threads[1], number: archive.threads[0].number }]
    await writeFile(broken, JSON.stringify({ ...archive, threads: twice }))
    await refusal([broken, `--channel=${ops.id}`, '--key=TWICE'], /threads/)
    await writeFile(broken, JSON.stringify({ ...archive, document: 'not a document' }))
    await refusal([broken, `--channel=${ops.id}`, '--key=JUNK'], /does not decode/)
    // A document built on changes it does not carry would leave structs pending in the snapshot.
    const partial = new Y.Doc()
    Y.applyUpdate(partial, Buffer.from(archive.document, 'base64'))
    const later: Uint8Array[] = []
    partial.on('update', (update: Uint8Array) => later.push(update))
    partial.transact(() => partial.getMap('cards').set('0190a8f4-8f1e-7000-8000-000000000001', 1))
    partial.transact(() => partial.getMap('cards').set('0190a8f4-8f1e-7000-8000-000000000002', 2))
    const pending = Buffer.from(later[1]).toString('base64')
    await writeFile(broken, JSON.stringify({ ...archive, document: pending }))
    await refusal([broken, `--channel=${ops.id}`, '--key=PENDING'], /depends on changes/)

    // A card under a key that is no UUID (an older server let one in): a new id, on every database.
    const doc = new Y.Doc()
    Y.applyUpdate(doc, Buffer.from(archive.document, 'base64'))
    doc.transact(() => {
      const card = new Y.Map<unknown>()
      doc.getMap('cards').set('not-a-uuid', card)
      card.set('title', new Y.Text('Odd'))
      card.set('description', new Y.Text(''))
      card.set('values', new Y.Map())
      card.set('position', 'a9')
      card.set('archived', false)
    })
    const odd = joinPath(dir, 'odd.json')
    const document = Buffer.from(Y.encodeStateAsUpdate(doc)).toString('base64')
    await writeFile(odd, JSON.stringify({ ...archive, document }))
    await wipe(team, board.id, Object.values(people))
    const [olga] = await usersNamed(['olga'])
    const fresh = await opsTeam([olga])
    const imported = await run(BoardImport, [odd, `--channel=${fresh.ops.id}`])
    assert.equal(imported.exitCode ?? 0, 0, errorsOf(imported).join('\n'))
    const restored = await importedInto(fresh.ops)
    const cards = await cardsByTitle(await withToken(olga), restored.id)
    assert.equal(cards.get('Plan')!.id, plan.id)
    assert.match(cards.get('Odd')!.id, /^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-/)
    assert.containsSubset(cards.get('Odd'), { number: 4, ref: 'OPS-4' })
    assert.match(reportOf(imported), /1 card given new ids/)
  })
})
