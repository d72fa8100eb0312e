import limiter from '@adonisjs/limiter/services/main'
import { test } from '@japa/runner'
import type { Page } from 'playwright-core'
import {
  accessibilityProblems,
  logIn,
  openBrowser,
  screenshots,
  titled,
  twoInAChannel,
  messageLog as log,
  composerBox as composer,
} from '#tests/helpers/browser'

/** Gillian and Bob in a team, both in its Design channel; made through the API. */
async function seed() {
  const cast = await twoInAChannel(['Gillian', 'Bob'], 'Field Office', {
    name: 'design',
    displayName: 'Design',
    purpose: 'Sketches, reviews and type',
  })
  const { first: gillian, second: bob, team, channel: design, townSquare } = cast
  return { gillian, bob, team, design, townSquare }
}

async function openChannel(page: Page, teamId: string, channelId: string) {
  await page.goto(`/teams/${teamId}/channels/${channelId}`)
  await page.getByRole('log', { name: 'Messages' }).waitFor()
}

/** The texts of the messages in the list's DOM, top to bottom. */
async function texts(page: Page) {
  const all = await log(page).locator('.message__text').allTextContents()
  return all.map((text) => text.trim())
}

test.group('The conversation', (group) => {
  // Each test signs two people up: fresh counters keep the suite under the sign-up limit.
  group.each.setup(() => limiter.clear())

  test('two people exchange messages live, an edit shows in the other browser, a mention raises a badge and the tab title', async ({
    assert,
  }) => {
    const { gillian, bob, team, design, townSquare } = await seed()
    const one = await openBrowser()
    const two = await openBrowser()
    await logIn(one.page, gillian)
    await logIn(two.page, bob)
    await openChannel(one.page, team.id, design.id)
    await openChannel(two.page, team.id, design.id)

    await composer(one.page).fill('Hello **Bob**, the sketches are in')
    await composer(one.page).press('Enter')
    await log(two.page).getByText('the sketches are in').waitFor()
    assert.equal(await log(two.page).locator('strong').first().textContent(), 'Bob')

    await composer(two.page).fill('Looking now.')
    await composer(two.page).press('Shift+Enter')
    await composer(two.page).pressSequentially('Second line')
    await composer(two.page).press('Enter')
    await log(one.page).getByText('Second line').waitFor()
    assert.deepEqual(await texts(one.page), [
      'Hello Bob, the sketches are in',
      'Looking now.\nSecond line',
    ])

    // ↑ in an empty composer edits Gillian's last message.
    await composer(one.page).press('ArrowUp')
    const editing = one.page.getByRole('textbox', { name: 'Edit message' })
    await editing.fill('Hello Bob, the final sketches are in')
    await editing.press('Enter')
    await log(two.page).getByText('the final sketches are in').waitFor()
    await log(two.page).getByText('(edited)').waitFor()

    // Bob moves to Town Square; a mention in Design raises a badge there, live.
    await two.page
      .getByRole('navigation', { name: 'Channels' })
      .getByRole('link', { name: 'Town Square' })
      .click()
    await two.page.waitForURL(`**/channels/${townSquare.id}`)
    await gillian.client.post(`/api/v1/channels/${design.id}/posts`, {
      message: `@${bob.username} what do you think?`,
    })
    const sidebar = two.page.getByRole('navigation', { name: 'Channels' })
    await sidebar.getByRole('link', { name: 'Design 1 mention' }).waitFor()
    // The tab says so too: the title counts the mention and the favicon gains a dot.
    await titled(two.page, '(1) Town Square')
    const icon = () => two.page.locator('link[rel="icon"]').getAttribute('href')
    assert.equal(await icon(), '/favicon-unread.svg')
    // Back in Design (held in memory), the line marks what came while Bob was away.
    await sidebar.getByRole('link', { name: 'Design 1 mention' }).click()
    const line = log(two.page).getByRole('separator').filter({ hasText: 'New messages' })
    const next = line.locator('xpath=following-sibling::article[1]')
    await next.getByText('what do you think?').waitFor()
    await sidebar.getByRole('link', { name: 'Design', exact: true }).waitFor()
    await titled(two.page, 'Design · ')
    assert.equal(await icon(), '/favicon.svg')

    await screenshots(one.page, 'chat-conversation')
    assert.deepEqual(await accessibilityProblems(one.page), [])
    assert.deepEqual(one.problems, [])
    assert.deepEqual(two.problems, [])
    await one.context.close()
    await two.context.close()
  })

  test('markdown with script, javascript: links, event attributes and SVG renders inert', async ({
    assert,
  }) => {
    const { gillian, team, design } = await seed()
    const vectors = [
      '<script>window.hacked = 1</script>plain after script',
      '[click me](javascript:window.hacked=2)',
      '<img src=x onerror="window.hacked=3">',
      '![pixel](https://evil.example/p.png "tracker")',
      '<svg onload="window.hacked=4"><circle r="5"/></svg>',
      '[data](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)',
      'See https://example.com/docs and ~design',
    ]
    for (const message of vectors) {
      await gillian.client.post(`/api/v1/channels/${design.id}/posts`, { message })
    }
    const { page, problems, context } = await openBrowser()
    let dialogs = 0
    page.on('dialog', async (dialog) => {
      dialogs += 1
      await dialog.dismiss()
    })
    await logIn(page, gillian)
    await openChannel(page, team.id, design.id)
    await log(page).getByText('See https://example.com/docs').waitFor()

    const list = log(page)
    assert.equal(
      await list
        .locator('.message__text')
        .locator('script, svg, iframe, object, [onerror], [onload]')
        .count(),
      0
    )
    assert.equal(await list.locator('.message__text img').count(), 0)
    assert.equal(await list.locator('a[href^="javascript:"], a[href^="data:"]').count(), 0)
    const external = list.getByRole('link', { name: 'https://example.com/docs' })
    assert.equal(await external.getAttribute('rel'), 'noopener noreferrer')
    assert.equal(await external.getAttribute('target'), '_blank')
    const channelLink = list.getByRole('link', { name: '~design' })
    assert.equal(await channelLink.getAttribute('href'), `/teams/${team.id}/channels/${design.id}`)
    // Raw HTML shows as text, never as markup.
    await list.getByText('<script>window.hacked = 1</script>plain after script').waitFor()
    await list.getByText('click me').click()
    assert.isUndefined(await page.evaluate('window.hacked'))
    assert.equal(dialogs, 0)
    assert.deepEqual(problems, [])
    await context.close()
  })

  test('a burst of 50 posts sent while offline shows once each, in order, after reconnect', async ({
    assert,
  }) => {
    const { gillian, bob, team, design } = await seed()
    // Tall enough that the whole burst is rendered at once and can be read from the DOM.
    const { page, problems, context } = await openBrowser({
      viewport: { width: 1280, height: 4000 },
    })
    await logIn(page, bob)
    await openChannel(page, team.id, design.id)
    await gillian.client.post(`/api/v1/channels/${design.id}/posts`, { message: 'before the drop' })
    await log(page).getByText('before the drop').waitFor()

    await context.setOffline(true)
    await page.getByRole('status').getByText('Reconnecting').waitFor()
    for (let index = 1; index <= 50; index += 1) {
      const sent = await gillian.client.post(`/api/v1/channels/${design.id}/posts`, {
        message: `burst ${index}`,
      })
      assert.equal(sent.status, 201)
    }
    await context.setOffline(false)
    await log(page).getByText('burst 50', { exact: true }).waitFor()
    await page.getByRole('status').getByText('Reconnecting').waitFor({ state: 'detached' })

    const expected = ['before the drop', ...Array.from({ length: 50 }, (_, i) => `burst ${i + 1}`)]
    assert.deepEqual(await texts(page), expected)
    assert.deepEqual(
      problems.filter((problem) => !problem.includes('ERR_INTERNET_DISCONNECTED')),
      []
    )
    await context.close()
  })

  test('a message typed offline shows as pending and is sent once on reconnect', async ({
    assert,
  }) => {
    const { gillian, bob, team, design } = await seed()
    const { page, problems, context } = await openBrowser()
    await logIn(page, bob)
    await openChannel(page, team.id, design.id)

    await context.setOffline(true)
    await page.getByRole('status').getByText('Reconnecting').waitFor()
    await composer(page).fill('sent from the train')
    await composer(page).press('Enter')
    await log(page).getByText('Waiting for the connection…').waitFor()
    await screenshots(page, 'chat-offline-pending')

    await context.setOffline(false)
    await log(page).getByText('Waiting for the connection…').waitFor({ state: 'detached' })
    await log(page).getByText('sent from the train').waitFor()
    const { body } = await gillian.client.get(`/api/v1/channels/${design.id}/posts`)
    const sent = body.data.filter(
      (post: { message: string }) => post.message === 'sent from the train'
    )
    assert.lengthOf(sent, 1)
    assert.equal(await log(page).getByText('sent from the train').count(), 1)
    assert.deepEqual(
      problems.filter((problem) => !problem.includes('ERR_INTERNET_DISCONNECTED')),
      []
    )
    await context.close()
  })

  test('a long channel keeps a bounded number of rows in the DOM and opens at the first unread', async ({
    assert,
  }) => {
    const { gillian, bob, team, design } = await seed()
    let readUpTo = 0
    for (let index = 1; index <= 500; index += 1) {
      const { body } = await gillian.client.post(`/api/v1/channels/${design.id}/posts`, {
        message: `post ${index}`,
      })
      if (index === 480) readUpTo = body.seq
    }
    await bob.client.post(`/api/v1/channels/${design.id}/read`, { seq: readUpTo })

    const { page, problems, context } = await openBrowser()
    await logIn(page, bob)
    await openChannel(page, team.id, design.id)
    const line = log(page).getByRole('separator').filter({ hasText: 'New messages' })
    await line.waitFor()
    const rows = log(page).locator('article.message')
    // The line sits right above the first unread message.
    const first = line.locator('xpath=following-sibling::article[1]')
    const firstUnread = await first.locator('.message__text').textContent()
    assert.equal(firstUnread?.trim(), 'post 481')

    // Scrolling up loads older pages; the DOM holds only what is near the screen.
    const scroller = log(page).locator('.list__scroller')
    for (let round = 0; round < 3; round += 1) {
      const older = page.waitForResponse((response) => response.url().includes('/posts?before='))
      await scroller.evaluate((element) => element.scrollTo({ top: 0 }))
      await older
      await page.evaluate('new Promise(requestAnimationFrame)')
    }
    const rendered = await texts(page)
    const shown = rendered.map((text) => Number(text.replace('post ', '')))
    assert.isBelow(Math.min(...shown), 420)
    assert.isAtMost(await rows.count(), 80)
    await screenshots(page, 'chat-long-channel')
    assert.deepEqual(await accessibilityProblems(page), [])
    assert.deepEqual(problems, [])
    await context.close()
  })

  test('a message the server refuses on reconnect offers retry and discard', async ({ assert }) => {
    const { gillian, bob, team, design } = await seed()
    const { page, problems, context } = await openBrowser()
    await logIn(page, bob)
    await openChannel(page, team.id, design.id)

    await context.setOffline(true)
    await page.getByRole('status').getByText('Reconnecting').waitFor()
    await composer(page).fill('too late for this channel')
    await composer(page).press('Enter')
    const archived = await gillian.client.post(`/api/v1/channels/${design.id}/archive`)
    assert.equal(archived.status, 200)

    await context.setOffline(false)
    const refusal = log(page).getByRole('alert')
    await refusal.getByText('Not sent').waitFor()
    await refusal.getByRole('button', { name: 'Retry' }).click()
    await refusal.getByText('Not sent').waitFor()
    await refusal.getByRole('button', { name: 'Discard' }).click()
    await log(page).getByText('too late for this channel').waitFor({ state: 'detached' })
    const { body } = await gillian.client.get(`/api/v1/channels/${design.id}/posts`)
    assert.lengthOf(body.data, 0)
    assert.deepEqual(
      problems.filter((problem) => !problem.includes('ERR_INTERNET_DISCONNECTED')),
      []
    )
    await context.close()
  })

  test("a browser's tabs share one stream, and the next tab takes it over when the first closes", async ({
    assert,
  }) => {
    const { gillian, bob, team, design } = await seed()
    const first = await openBrowser()
    await logIn(first.page, bob)
    await openChannel(first.page, team.id, design.id)
    await gillian.client.post(`/api/v1/channels/${design.id}/posts`, { message: 'one for both' })
    await log(first.page).getByText('one for both').waitFor()

    const second = await first.context.newPage()
    const streams: string[] = []
    second.on('request', (request) => {
      if (request.url().includes('/__transmit/events')) streams.push(request.url())
    })
    await openChannel(second, team.id, design.id)
    await log(second).getByText('one for both').waitFor()
    await gillian.client.post(`/api/v1/channels/${design.id}/posts`, { message: 'live in both' })
    await log(first.page).getByText('live in both').waitFor()
    await log(second).getByText('live in both').waitFor()
    assert.deepEqual(streams, [])

    await first.page.close()
    await gillian.client.post(`/api/v1/channels/${design.id}/posts`, {
      message: 'after the handover',
    })
    await log(second).getByText('after the handover').waitFor()
    assert.lengthOf(streams, 1)
    assert.deepEqual(await texts(second), ['one for both', 'live in both', 'after the handover'])
    assert.deepEqual(first.problems, [])
    await first.context.close()
  })

  test('a message that could not go out is still pending after a reload, and is sent once', async ({
    assert,
  }) => {
    const { gillian, bob, team, design } = await seed()
    const { page, problems, context } = await openBrowser()
    await logIn(page, bob)
    await openChannel(page, team.id, design.id)

    // The server cannot be reached for this one request (a restart, a dropped connection).
    const posts = `**/api/v1/channels/${design.id}/posts`
    await page.route(posts, (route) =>
      route.request().method() === 'POST' ? route.abort('connectionrefused') : route.fallback()
    )
    await composer(page).fill('written before the reload')
    await composer(page).press('Enter')
    await log(page).getByText('Waiting for the connection…').waitFor()
    await page.unroute(posts)
    await page.reload()

    await log(page).getByText('written before the reload').waitFor()
    await log(page).getByText('Waiting for the connection…').waitFor({ state: 'detached' })
    const { body } = await gillian.client.get(`/api/v1/channels/${design.id}/posts`)
    const sent = body.data.filter(
      (post: { message: string }) => post.message === 'written before the reload'
    )
    assert.lengthOf(sent, 1)
    assert.equal(await log(page).getByText('written before the reload').count(), 1)
    assert.deepEqual(
      problems.filter((problem) => !problem.includes('ERR_CONNECTION_REFUSED')),
      []
    )
    await context.close()
  })

  test('a direct message started from the sidebar reaches the other person live, who answers', async ({
    assert,
  }) => {
    const { gillian, bob, team, design } = await seed()
    const one = await openBrowser()
    const two = await openBrowser()
    await logIn(one.page, gillian)
    await logIn(two.page, bob)
    await openChannel(two.page, team.id, design.id)
    await openChannel(one.page, team.id, design.id)

    await one.page.getByRole('button', { name: 'New message' }).click()
    const dialog = one.page.getByRole('dialog', { name: 'New message' })
    const find = dialog.getByRole('combobox', { name: 'Find people' })
    await find.pressSequentially('bo')
    await dialog.getByRole('option', { name: /Bob/ }).waitFor()
    await find.press('Enter')
    await dialog.getByRole('list', { name: 'Chosen people' }).getByText('Bob').waitFor()
    await screenshots(one.page, 'new-message')
    assert.deepEqual(await accessibilityProblems(one.page), [])
    await find.press('Enter')
    await one.page.waitForURL((address) => !address.pathname.endsWith(design.id))
    assert.match(one.page.url(), /\/channels\//)
    await composer(one.page).fill('A word in private')
    await composer(one.page).press('Enter')

    // Bob's sidebar gains the conversation, live, with the message counted.
    const dms = two.page.getByRole('navigation', { name: 'Channels' })
    const conversation = dms.getByRole('link', { name: /^Gillian/ })
    await conversation.waitFor()
    await conversation.click()
    await log(two.page).getByText('A word in private').waitFor()
    await composer(two.page).fill('Understood')
    await composer(two.page).press('Enter')
    await log(one.page).getByText('Understood').waitFor()

    // Starting it again opens the same conversation, not a second one.
    const url = one.page.url()
    await openChannel(one.page, team.id, design.id)
    await one.page.getByRole('button', { name: 'New message' }).click()
    await find.pressSequentially('bo')
    await dialog.getByRole('option', { name: /Bob/ }).click()
    await dialog.getByRole('button', { name: 'Start conversation' }).click()
    await one.page.waitForURL(url)
    assert.deepEqual([...one.problems, ...two.problems], [])
    await one.context.close()
    await two.context.close()
  })
})
