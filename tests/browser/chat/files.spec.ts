import limiter from '@adonisjs/limiter/services/main'
import { test } from '@japa/runner'
import type { Locator, Page } from 'playwright-core'
import {
  accessibilityProblems,
  logIn,
  openBrowser,
  screenshots,
  twoInAChannel,
  messageLog as log,
  messageRow as message,
} from '#tests/helpers/browser'
import { elfExecutable, png } from '#tests/helpers/files'

const composer = (page: Page) => page.getByRole('textbox', { name: 'Message ~design' })
const fileInput = (page: Page) => page.locator('form.composer input[type=file]')
const attachments = (page: Page) => page.getByRole('list', { name: 'Attachments' })

/**
 * The page's own DOM, inside `evaluate` (the tests compile without the DOM library): an
 * image, and the classes a drop and a paste carry files in.
 */
type LoadingImage = { decode(): Promise<void>; naturalWidth: number }
type PageDom = {
  DataTransfer: new () => { items: { add(file: unknown): void } }
  ClipboardEvent: new (type: string, init: Record<string, unknown>) => unknown
}

/** The image's pixel width once it has loaded (0 if it could not be decoded). */
const loadedWidth = (image: Locator) =>
  image.evaluate((element) => {
    const loading = element as unknown as LoadingImage
    return loading.decode().then(
      () => loading.naturalWidth,
      () => 0
    )
  })

const NOTES = 'Print run: 200 posters, matte, A2.\n'

async function seed() {
  const cast = await twoInAChannel(['Gillian', 'Bob'], 'Print Shop', {
    name: 'design',
    displayName: 'Design',
  })
  return { gillian: cast.first, bob: cast.second, team: cast.team, design: cast.channel }
}

test.group('Files', (group) => {
  group.each.setup(() => limiter.clear())

  test('an image and a text file attached in the composer reach the other person live: a loaded thumbnail at its reserved size, a preview and a download', async ({
    assert,
  }) => {
    const { gillian, bob, team, design } = await seed()
    const one = await openBrowser()
    const two = await openBrowser()
    await logIn(one.page, gillian)
    await logIn(two.page, bob)
    const address = `/teams/${team.id}/channels/${design.id}`
    await one.page.goto(address)
    await two.page.goto(address)
    await composer(one.page).waitFor()

    // The uploads are held at the network until the test lets them through, so the chips
    // can be seen uploading and the send seen waiting for them.
    let release!: () => void
    const held = new Promise<void>((resolve) => (release = resolve))
    await one.page.route('**/api/v1/channels/*/files', async (route) => {
      await held
      await route.continue()
    })

    await fileInput(one.page).setInputFiles([
      { name: 'proof.png', mimeType: 'image/png', buffer: await png(640, 320) },
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from(NOTES) },
    ])
    const chips = attachments(one.page).getByRole('listitem')
    assert.equal(await chips.count(), 2)
    const progress = one.page.getByRole('progressbar', { name: 'Uploading proof.png' })
    await progress.waitFor()
    assert.equal(await progress.getAttribute('aria-valuenow'), '0')
    const local = chips.filter({ hasText: 'proof.png' }).locator('img')
    assert.match((await local.getAttribute('src')) ?? '', /^blob:/)
    assert.equal(await loadedWidth(local), 640)
    assert.include(await chips.filter({ hasText: 'notes.txt' }).textContent(), '35 B')
    assert.deepEqual(await accessibilityProblems(one.page), [])
    await screenshots(one.page, 'composer-files')

    // Sent while the uploads are under way: it goes once they have finished.
    await composer(one.page).fill('Poster proofs')
    await composer(one.page).press('Enter')
    await one.page
      .getByRole('status')
      .filter({ hasText: 'Sending once the uploads finish' })
      .waitFor()
    const before = await gillian.client.get(`/api/v1/channels/${design.id}/posts`)
    assert.notInclude(
      before.body.data.map((post: { message: string }) => post.message),
      'Poster proofs'
    )
    release()
    await attachments(one.page).waitFor({ state: 'detached' })
    assert.equal(await composer(one.page).inputValue(), '')

    // Bob sees it live: the thumbnail loaded, at the size reserved before it did.
    const theirs = message(two.page, 'Poster proofs')
    const thumbnail = theirs.getByRole('img', { name: 'proof.png' })
    await thumbnail.waitFor()
    assert.match(
      (await thumbnail.getAttribute('src')) ?? '',
      /^\/api\/v1\/files\/[^/]+\/thumbnail$/
    )
    assert.equal(await thumbnail.getAttribute('width'), '400')
    assert.equal(await thumbnail.getAttribute('height'), '200')
    assert.equal(await loadedWidth(thumbnail), 400)
    const box = await thumbnail.boundingBox()
    assert.deepEqual([Math.round(box!.width), Math.round(box!.height)], [400, 200])

    // The text file is a download link that serves its bytes.
    const download = theirs.getByRole('link', { name: /notes\.txt/ })
    const href = (await download.getAttribute('href')) ?? ''
    assert.match(href, /^\/api\/v1\/files\/[^/]+\?download=1$/)
    assert.include(await download.textContent(), '35 B')
    const bytes = await two.context.request.get(href)
    assert.equal(bytes.status(), 200)
    assert.equal(await bytes.text(), NOTES)
    assert.match(bytes.headers()['content-disposition'], /^attachment/)

    // The thumbnail opens the preview, with a download link of its own.
    await theirs.getByRole('button', { name: 'Open proof.png' }).click()
    const dialog = two.page.getByRole('dialog', { name: 'proof.png' })
    const preview = dialog.getByRole('img', { name: 'proof.png' })
    await preview.waitFor()
    assert.match((await preview.getAttribute('src')) ?? '', /\/preview$/)
    assert.equal(await loadedWidth(preview), 640)
    assert.match(
      (await dialog.getByRole('link', { name: 'Download' }).getAttribute('href')) ?? '',
      /\?download=1$/
    )
    assert.deepEqual(await accessibilityProblems(two.page), [])
    await screenshots(two.page, 'file-preview')
    await two.page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'detached' })
    await screenshots(two.page, 'message-files')

    const { body: page } = await bob.client.get(`/api/v1/channels/${design.id}/posts`)
    const sent = page.data.find((post: { message: string }) => post.message === 'Poster proofs')
    assert.deepEqual(
      sent.files.map((file: { name: string; mime: string }) => [file.name, file.mime]).sort(),
      [
        ['notes.txt', 'text/plain'],
        ['proof.png', 'image/png'],
      ]
    )
    assert.deepEqual([...one.problems, ...two.problems], [])
    await one.context.close()
    await two.context.close()
  })

  test("a refused upload shows the server's reason and nothing is sent until it is removed; files dropped or pasted attach; more than ten are cut to ten", async ({
    assert,
  }) => {
    const { gillian, team, design } = await seed()
    const one = await openBrowser()
    await logIn(one.page, gillian)
    await one.page.goto(`/teams/${team.id}/channels/${design.id}`)
    await composer(one.page).waitFor()

    await fileInput(one.page).setInputFiles([
      { name: 'photo.png', mimeType: 'image/png', buffer: elfExecutable() },
    ])
    const chip = attachments(one.page).getByRole('listitem').filter({ hasText: 'photo.png' })
    const reason = chip.getByRole('alert')
    await reason.waitFor()
    const said = await reason.textContent()
    assert.equal(said?.trim(), 'This file is a program under another name')
    await screenshots(one.page, 'composer-file-refused')

    await composer(one.page).fill('Here is the photo')
    await composer(one.page).press('Enter')
    // Nothing went out: the text waits in the composer beside the refused file.
    await one.page
      .getByRole('status')
      .filter({ hasText: 'Not sent: remove the files that did not upload, or try them again.' })
      .waitFor()
    await chip.waitFor()
    assert.equal(await composer(one.page).inputValue(), 'Here is the photo')
    const none = await gillian.client.get(`/api/v1/channels/${design.id}/posts`)
    assert.deepEqual(
      none.body.data.filter((post: { userId: string }) => post.userId === gillian.id),
      []
    )

    await chip.getByRole('button', { name: 'Remove photo.png' }).click()
    await attachments(one.page).waitFor({ state: 'detached' })
    await composer(one.page).press('Enter')
    await message(one.page, 'Here is the photo').waitFor()
    const { body: sent } = await gillian.client.get(`/api/v1/channels/${design.id}/posts`)
    assert.deepEqual(
      sent.data
        .filter((post: { userId: string }) => post.userId === gillian.id)
        .map((post: { message: string; files: unknown[] }) => [post.message, post.files]),
      [['Here is the photo', []]]
    )

    // A file dragged onto the composer lights it up and attaches on drop; a pasted one too.
    const carrying = (name: string) =>
      one.page.evaluateHandle((fileName) => {
        const transfer = new (globalThis as unknown as PageDom).DataTransfer()
        transfer.items.add(new File(['dropped\n'], fileName, { type: 'text/plain' }))
        return transfer
      }, name)
    const form = one.page.locator('form.composer')
    const dropped = await carrying('dropped.txt')
    await form.dispatchEvent('dragenter', { dataTransfer: dropped })
    await one.page.locator('form.composer.composer--drop').waitFor()
    await form.dispatchEvent('drop', { dataTransfer: dropped })
    await one.page.locator('form.composer.composer--drop').waitFor({ state: 'detached' })
    const pasted = await carrying('pasted.txt')
    await composer(one.page).evaluate((field, clipboardData) => {
      const { ClipboardEvent } = globalThis as unknown as PageDom
      const paste = new ClipboardEvent('paste', { clipboardData, bubbles: true, cancelable: true })
      field.dispatchEvent(paste as Event)
    }, pasted)
    const names = attachments(one.page).getByRole('listitem')
    await names.filter({ hasText: 'dropped.txt' }).waitFor()
    await names.filter({ hasText: 'pasted.txt' }).waitFor()
    assert.equal(await composer(one.page).inputValue(), '')

    const many = Array.from({ length: 11 }, (_, index) => ({
      name: `page-${index + 1}.txt`,
      mimeType: 'text/plain',
      buffer: Buffer.from(`page ${index + 1}\n`),
    }))
    await fileInput(one.page).setInputFiles(many)
    await one.page
      .getByRole('status')
      .filter({ hasText: 'A message carries at most 10 files: 3 left out.' })
      .waitFor()
    assert.equal(await attachments(one.page).getByRole('listitem').count(), 10)
    assert.equal(
      await attachments(one.page)
        .getByRole('listitem')
        .filter({ hasText: /page-(9|10|11)\.txt/ })
        .count(),
      0
    )
    assert.deepEqual(one.problems, [])
    await one.context.close()
  })

  test('a file attached in the thread panel goes out with the reply, in that thread only', async ({
    assert,
  }) => {
    const { gillian, bob, team, design } = await seed()
    const { body: root } = await gillian.client.post(`/api/v1/channels/${design.id}/posts`, {
      message: 'Which paper for the posters?',
    })
    const one = await openBrowser()
    await logIn(one.page, bob)
    await one.page.goto(`/teams/${team.id}/channels/${design.id}?thread=${root.id}`)
    const panel = one.page.getByRole('complementary', { name: 'Thread' })
    const replyBox = panel.getByRole('textbox', { name: 'Reply…' })
    await replyBox.waitFor()

    await panel
      .locator('input[type=file]')
      .setInputFiles([{ name: 'swatch.png', mimeType: 'image/png', buffer: await png(300, 600) }])
    // Only the panel's composer holds it; the channel's stays empty.
    await panel.getByRole('list', { name: 'Attachments' }).waitFor()
    assert.equal(await one.page.getByRole('list', { name: 'Attachments' }).count(), 1)
    // A reply may be files alone.
    await replyBox.press('Enter')

    const thumbnail = panel
      .getByRole('log', { name: 'Replies' })
      .getByRole('img', { name: 'swatch.png' })
    await thumbnail.waitFor()
    assert.deepEqual(
      [await thumbnail.getAttribute('width'), await thumbnail.getAttribute('height')],
      ['200', '400']
    )
    assert.equal(await loadedWidth(thumbnail), 200)
    const { body: thread } = await gillian.client.get(`/api/v1/posts/${root.id}/thread`)
    assert.deepEqual(
      thread.data.map((reply: { message: string; files: { name: string }[] }) => [
        reply.message,
        reply.files.map((file) => file.name),
      ]),
      [['', ['swatch.png']]]
    )
    assert.equal(await log(one.page).getByRole('img', { name: 'swatch.png' }).count(), 0)
    assert.deepEqual(one.problems, [])
    await one.context.close()
  })

  test('a message with files sent offline waits, shown with its files, and goes out once on reconnect; an upload offline says it needs the connection', async ({
    assert,
  }) => {
    const { gillian, team, design } = await seed()
    const { context, page, problems } = await openBrowser()
    await logIn(page, gillian)
    await page.goto(`/teams/${team.id}/channels/${design.id}`)
    await composer(page).waitFor()

    await fileInput(page).setInputFiles([
      { name: 'notes.txt', mimeType: 'text/plain', buffer: Buffer.from(NOTES) },
    ])
    await page.getByRole('progressbar', { name: 'Uploading notes.txt' }).waitFor({
      state: 'detached',
    })
    await context.setOffline(true)
    await page.getByRole('status').getByText('Reconnecting').waitFor()
    await composer(page).fill('from the train, with notes')
    await composer(page).press('Enter')
    const pending = message(page, 'from the train, with notes')
    await pending.getByText('Waiting for the connection…').waitFor()
    await pending.getByRole('link', { name: /notes\.txt/ }).waitFor()

    // Picked while offline: the chip says why it did not upload, and offers to try again.
    await fileInput(page).setInputFiles([
      { name: 'later.txt', mimeType: 'text/plain', buffer: Buffer.from('later\n') },
    ])
    const chip = attachments(page).getByRole('listitem').filter({ hasText: 'later.txt' })
    await chip.getByText('Not uploaded: uploading needs the connection to Hearth.').waitFor()
    await screenshots(page, 'composer-files-offline')

    await context.setOffline(false)
    await pending.getByText('Waiting for the connection…').waitFor({ state: 'detached' })
    const { body } = await gillian.client.get(`/api/v1/channels/${design.id}/posts`)
    const sent = body.data.filter(
      (post: { message: string }) => post.message === 'from the train, with notes'
    )
    assert.lengthOf(sent, 1)
    assert.deepEqual(
      sent[0].files.map((file: { name: string }) => file.name),
      ['notes.txt']
    )
    assert.equal(
      await log(page)
        .getByRole('link', { name: /notes\.txt/ })
        .count(),
      1
    )

    await chip.getByRole('button', { name: 'Try uploading later.txt again' }).click()
    await chip.getByText('6 B').waitFor()
    assert.equal(await chip.getByRole('alert').count(), 0)
    assert.deepEqual(
      problems.filter((problem) => !problem.includes('ERR_INTERNET_DISCONNECTED')),
      []
    )
    await context.close()
  })
})
