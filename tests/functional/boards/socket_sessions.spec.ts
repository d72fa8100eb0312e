import { test } from '@japa/runner'
import UserResetPassword from '#commands/user_reset_password'
import { FACTORY_PASSWORD } from '#database/factories/user_factory'
import { boardSync } from '#boards/sync/board_sync_server'
import { rawOutput, run } from '#tests/helpers/ace'
import { isolate, signIn } from '#tests/helpers/auth'
import { teamCast } from '#tests/helpers/chat'
import { eventually } from '#tests/helpers/realtime'
import { expectStatus, WebClient } from '#tests/helpers/web_client'
import {
  closeBoardSockets,
  connect,
  createBoard,
  ticketFor,
  upgradeAnswer,
  type Replica,
} from '#tests/helpers/boards'

/** Use to wait until the server has closed replicas' sockets for good (4403) and let go of them. */
async function revoked(boardId: string, open: number, ...replicas: Replica[]) {
  await eventually(() => replicas.every((replica) => replica.closed()?.code === 4403))
  await eventually(() => boardSync.connectionsOf(boardId).length === open)
}

/** The credentials the board's open sockets were opened with, in a comparable form. */
function openCredentials(boardId: string) {
  return boardSync
    .connectionsOf(boardId)
    .map(({ identity }) => identity.sessionId ?? `token ${identity.tokenId}`)
}

/** A personal access token made through the real route by a signed-in browser. */
async function newToken(browser: WebClient) {
  const response = await browser.post('/api/v1/users/me/tokens', {
    name: 'script',
    scopes: ['read', 'write'],
  })
  const { id, token } = expectStatus(response, 201).body
  return { id: id as number, client: new WebClient(token as string), value: token as string }
}

test.group('Board sockets: ending sessions and revoking tokens', (group) => {
  isolate(group)
  closeBoardSockets(group)
  rawOutput(group)

  test('logging out closes the sockets of that session with 4403, not those of another one', async ({
    assert,
    cleanup,
  }) => {
    const { townSquare, admin, alice } = await teamCast()
    const board = await createBoard(townSquare, admin)
    const laptop = await signIn(alice)
    const phone = await signIn(alice)
    const onLaptop = await connect(board.id, { cookies: laptop }, cleanup)
    const onPhone = await connect(board.id, { cookies: phone }, cleanup)
    const [, phoneSession] = openCredentials(board.id)

    expectStatus(await laptop.delete('/api/v1/auth/session'), 204)

    await revoked(board.id, 1, onLaptop)
    assert.deepEqual(openCredentials(board.id), [phoneSession])
    assert.isNull(onPhone.closed())
  })

  test('a password change closes the sockets of the account’s other sessions, not its own', async ({
    assert,
    cleanup,
  }) => {
    const { townSquare, admin, alice } = await teamCast()
    const board = await createBoard(townSquare, admin)
    const stolen = await signIn(alice)
    const own = await signIn(alice)
    const thief = await connect(board.id, { cookies: stolen }, cleanup)
    const mine = await connect(board.id, { cookies: own }, cleanup)
    const [, ownSession] = openCredentials(board.id)

    const changed = await own.put('/api/v1/users/me/password', {
      currentPassword: FACTORY_PASSWORD,
      newPassword: 'a brand new secret',
    })
    expectStatus(changed, 204)

    await revoked(board.id, 1, thief)
    assert.deepEqual(openCredentials(board.id), [ownSession])
    assert.isNull(mine.closed())
  })

  test('an admin password reset closes every session socket of the account', async ({
    assert,
    cleanup,
  }) => {
    const { townSquare, admin, alice } = await teamCast()
    const board = await createBoard(townSquare, admin)
    const replica = await connect(board.id, { cookies: await signIn(alice) }, cleanup)
    const other = await connect(board.id, { cookies: await signIn(admin) }, cleanup)

    const command = await run(UserResetPassword, [alice.username, '--password=a brand new secret'])
    command.assertSucceeded()

    await revoked(board.id, 1, replica)
    assert.isNull(other.closed())
  })

  test('a ticket’s socket belongs to the session that asked for it, and closes when it logs out', async ({
    assert,
    cleanup,
  }) => {
    const { townSquare, admin, alice } = await teamCast()
    const board = await createBoard(townSquare, admin)
    const browser = await signIn(alice)
    const replica = await connect(board.id, { ticket: await ticketFor(browser, board.id) }, cleanup)
    const unused = await ticketFor(browser, board.id)
    assert.lengthOf(openCredentials(board.id), 1)

    expectStatus(await browser.delete('/api/v1/auth/session'), 204)

    await revoked(board.id, 0, replica)
    const late = await upgradeAnswer(board.id, { ticket: unused })
    assert.equal(late.status, 401)
    assert.equal(late.body.errors[0].code, 'unauthenticated')
  })

  test('revoking a token closes the sockets opened with it or its tickets, not another token’s', async ({
    assert,
    cleanup,
  }) => {
    const { townSquare, admin, alice } = await teamCast()
    const board = await createBoard(townSquare, admin)
    const browser = await signIn(alice)
    const doomed = await newToken(browser)
    const kept = await newToken(browser)
    const byToken = await connect(board.id, { token: doomed.value }, cleanup)
    const byTicket = await connect(
      board.id,
      { ticket: await ticketFor(doomed.client, board.id) },
      cleanup
    )
    const unused = await ticketFor(doomed.client, board.id)
    const other = await connect(board.id, { token: kept.value }, cleanup)

    expectStatus(await browser.delete(`/api/v1/users/me/tokens/${doomed.id}`), 204)

    await revoked(board.id, 1, byToken, byTicket)
    assert.deepEqual(openCredentials(board.id), [`token ${kept.id}`])
    assert.isNull(other.closed())
    const late = await upgradeAnswer(board.id, { ticket: unused })
    assert.equal(late.status, 401)
  })
})
