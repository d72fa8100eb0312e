import type { BrowserContext, Page } from 'playwright-core'

/** What a recorded browser notification showed. */
export type Shown = { title: string; body: string; tag: string }

/** The page's side, typed loosely: this file is compiled without the DOM's types. */
type Recorded = Shown & { dispatchEvent(event: unknown): boolean }
type PageWindow = {
  Notification: { permission: string; requestPermission(): Promise<string> }
  hearthShown?: Recorded[]
}
type EventConstructors = {
  EventTarget: new () => { dispatchEvent(event: unknown): boolean }
  Event: new (type: string) => unknown
}

/**
 * Lets the context's pages show notifications and records every one the app constructs
 * (`window.Notification` wrapped before any script runs), so a test can read them and click
 * one. The app's own code makes them, from the real events of the stream.
 */
export async function recordNotifications(context: BrowserContext) {
  await context.grantPermissions(['notifications'])
  await context.addInitScript(() => {
    const page = globalThis as unknown as PageWindow & EventConstructors
    const Real = page.Notification
    const shown: Recorded[] = []
    class RecordedNotification extends page.EventTarget {
      title: string
      body: string
      tag: string
      constructor(title: string, options: { body?: string; tag?: string } = {}) {
        super()
        this.title = title
        this.body = options.body ?? ''
        this.tag = options.tag ?? ''
        shown.push(this)
      }

      close() {}

      static get permission() {
        return Real.permission
      }

      static requestPermission() {
        return Real.requestPermission()
      }
    }
    Object.defineProperty(page, 'Notification', { value: RecordedNotification })
    Object.defineProperty(page, 'hearthShown', { value: shown })
  })
}

/** The notifications a page showed so far, oldest first. */
export function shownIn(page: Page): Promise<Shown[]> {
  return page.evaluate(() =>
    ((globalThis as unknown as PageWindow).hearthShown ?? []).map((n) => ({
      title: n.title,
      body: n.body,
      tag: n.tag,
    }))
  )
}

/** Every notification the pages showed, waiting (up to 10 s) until there are `count`. */
export async function waitForShown(pages: Page[], count: number) {
  const deadline = Date.now() + 10_000
  for (;;) {
    const all: Shown[] = []
    for (const page of pages) all.push(...(await shownIn(page)))
    if (all.length >= count || Date.now() > deadline) return all
    await pages[0].waitForTimeout(50)
  }
}

/** Clicks the page's notification number `index`, as the person would on their desktop. */
export function clickShown(page: Page, index: number) {
  return page.evaluate((at) => {
    const scope = globalThis as unknown as PageWindow & EventConstructors
    scope.hearthShown![at].dispatchEvent(new scope.Event('click'))
  }, index)
}
