import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { test } from '@japa/runner'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import Board from '#boards/models/board'
import BoardService from '#boards/services/board_service'
import CardService from '#boards/services/card_service'
import { findVisibleBoard } from '#boards/services/board_access'
import { documentStore } from '#boards/services/document_store'
import { findVisibleChannel } from '#chat/services/channel_access'
import BoardList from '#commands/board_list'
import BoardExport from '#commands/board_export'
import BoardImport from '#commands/board_import'
import BoardCompact from '#commands/board_compact'
import { isolate } from '#tests/helpers/auth'
import { channelOf, teamWithCast } from '#tests/helpers/chat'
import { errorsOf, rawOutput, run, tableOf } from '#tests/helpers/ace'
import { count } from '#tests/helpers/data'

/** A board from a template in a fresh channel, with three cards made through the card service. */
async function boardWithCards() {
  const { team, admin } = await teamWithCast('Ops', { guest: false })
  const channel = await channelOf(admin, team, 'dev')
  const access = await findVisibleChannel(admin, channel.id)
  const board = await new BoardService().create(admin, access, {
    title: 'Roadmap',
    template: 'project_tasks',
  })
  const boardAccess = await findVisibleBoard(admin, board.id)
  const cards = new CardService()
  for (const title of ['Plan', 'Build', 'Ship']) await cards.create(admin, boardAccess, { title })
  return { team, admin, channel, board }
}

test.group('Board admin commands', (group) => {
  isolate(group)
  rawOutput(group)
  let dir = ''
  group.setup(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hearth-boards-'))
    return () => rm(dir, { recursive: true, force: true })
  })

  test('board:list prints boards with their card counts, archived ones on request', async ({
    assert,
  }) => {
    const { board } = await boardWithCards()
    const listed = await run(BoardList, [])
    const row = tableOf(listed).find((cells) => cells.some((cell) => cell.includes(board.id)))
    assert.exists(row)
    assert.include(row!.join('|'), 'Roadmap')
    assert.include(
      row!.map((cell) => cell.trim()),
      '3'
    )

    board.archivedAt = DateTime.now()
    await board.save()
    const withoutArchived = await run(BoardList, [])
    assert.notInclude(JSON.stringify(tableOf(withoutArchived)), board.id)
    const withArchived = await run(BoardList, ['--archived'])
    assert.include(JSON.stringify(tableOf(withArchived)), board.id)
  })

  test('board:export writes an archive that board:import turns back into the same board', async ({
    assert,
  }) => {
    const { team, admin, board } = await boardWithCards()
    const file = join(dir, 'roadmap.json')
    const exported = await run(BoardExport, [board.id, `--output=${file}`])
    assert.equal(exported.exitCode ?? 0, 0)
    const archive = JSON.parse(await readFile(file, 'utf8'))
    assert.equal(archive.format, 'hearth-board')
    assert.equal(archive.board.title, 'Roadmap')
    assert.lengthOf(archive.cards, 3)

    // The board is still here, keyed ROA: the team's second ROA is refused until named anew.
    const other = await channelOf(admin, team, 'other')
    const refused = await run(BoardImport, [file, `--channel=${other.id}`])
    assert.equal(refused.exitCode, 1)
    assert.match(errorsOf(refused).join('\n'), /already uses the key ROA: name another with --key/)
    assert.equal(await count('boards', { channel_id: other.id }), 0)

    await documentStore.discard(board.id)
    await Board.query().where('id', board.id).delete()
    const imported = await run(BoardImport, [file, `--channel=${other.id}`])
    assert.equal(imported.exitCode ?? 0, 0)
    const copy = await Board.query().where('channel_id', other.id).firstOrFail()
    assert.equal(copy.title, 'Roadmap')
    const titles = await db.from('cards').where('board_id', copy.id).orderBy('position')
    assert.sameMembers(
      titles.map((row) => row.title),
      ['Plan', 'Build', 'Ship']
    )
    const document = await new CardService().document(await findVisibleBoard(admin, copy.id))
    assert.sameMembers(
      document.cards.map((card: { title: string }) => card.title),
      ['Plan', 'Build', 'Ship']
    )
  })

  test('board:import refuses what is not an archive, and an unknown channel, changing nothing', async ({
    assert,
  }) => {
    const { channel } = await boardWithCards()
    const file = join(dir, 'junk.json')
    await writeFile(file, JSON.stringify({ hello: 'world' }))
    const before = await count('boards')

    const junk = await run(BoardImport, [file, `--channel=${channel.id}`])
    assert.equal(junk.exitCode, 1)
    assert.match(errorsOf(junk).join('\n'), /not a Hearth board archive/)
    const missing = await run(BoardImport, [join(dir, 'nope.json'), `--channel=${channel.id}`])
    assert.equal(missing.exitCode, 1)
    assert.match(errorsOf(missing).join('\n'), /Cannot read/)
    const nowhere = await run(BoardImport, [file, '--channel=nowhere'])
    assert.equal(nowhere.exitCode, 1)
    assert.equal(await count('boards'), before)
  })

  test('board:compact folds the log into a snapshot and the board reads the same', async ({
    assert,
  }) => {
    const { admin, board } = await boardWithCards()
    await documentStore.flush()
    assert.isAbove(await count('board_updates', { board_id: board.id }), 0)

    const compacted = await run(BoardCompact, [board.id])
    assert.equal(compacted.exitCode ?? 0, 0)
    assert.equal(await count('board_updates', { board_id: board.id }), 0)
    assert.equal(await count('board_snapshots', { board_id: board.id }), 1)
    const document = await new CardService().document(await findVisibleBoard(admin, board.id))
    assert.lengthOf(document.cards, 3)

    const bare = await run(BoardCompact, [])
    assert.equal(bare.exitCode, 1)
    assert.match(errorsOf(bare).join('\n'), /--all/)
  })
})
