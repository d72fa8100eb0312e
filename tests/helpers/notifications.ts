import type { BrowserContext, Page } from 'playwright-core'

/** What a recorded browser notification showed. */
export type Shown = { title: string; body: string; tag: string }

type Recorded = EventTarget & Shown

/**
 * Lets the context's pages show notifications and records every one the app constructs
 * (`window.Notification` wrapped before any script runs), so a test can read them and click
 * one. The app's own code makes them, from the real events of the stream.
 */
export async function recordNotifications(context: BrowserContext) {
  await context.grantPermissions(['notifications'])
  await context.addInitScript(() => {
    const Real = window.Notification
    const shown: EventTarget[] = []
    class RecordedNotification extends EventTarget {
      title: string
      body: string
      tag: string
      constructor(title: string, options: NotificationOptions = {}) {
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
    Object.defineProperty(window, 'Notification', { value: RecordedNotification })
    Object.defineProperty(window, 'hearthShown', { value: shown })
  })
}

/** The notifications a page showed so far, oldest first. */
export function shownIn(page: Page): Promise<Shown[]> {
  return page.evaluate(() =>
    ((window as unknown as { hearthShown: Recorded[] }).hearthShown ?? []).map((n) => ({
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
    const shown = (window as unknown as { hearthShown: Recorded[] }).hearthShown
    shown[at].dispatchEvent(new Event('click'))
  }, index)
}
