/*
|--------------------------------------------------------------------------
| The clocks bench/web_chat.ts reads inside the page
|--------------------------------------------------------------------------
|
| `installProbe` runs in every page before the page's own scripts
| (Playwright's addInitScript, which the page's Content-Security-Policy
| does not apply to) and leaves `window.__bench`: long tasks (buffered),
| the time of the last click, and watchers that resolve on the first
| animation frame in which message rows (`[role=log] [data-seq]`) or a
| given text are on screen, read when that frame's callbacks run. Times
| are the page's `performance.now()`;
| `timeOrigin` is added where two pages are compared. It must stay one
| self-contained function: Playwright sends its source to the page.
|
*/

/**
 * The page's globals, for the functions that run in it: the server's tsconfig has no DOM
 * types, and adding them there would change Node's `fetch` and `Blob` types everywhere.
 */
declare const document: any
declare const window: any
declare const performance: any
declare const getComputedStyle: any
declare const requestAnimationFrame: (callback: (now: number) => void) => number
declare const EventSource: any

/** What a row watcher answers: frame times (page clock, ms) and the first row on screen. */
export type RowsSeen = { at: number; settledAt: number; topSeq: number; frames: number }

export type Probe = {
  longTasks: { start: number; duration: number }[]
  clickAt: number | null
  /** The watcher started with the page: the first rows of the page load. */
  initial: Promise<RowsSeen>
  /** Resolves once rows of a message list not marked `__benchOld` show, then settle. */
  watchRows(timeoutMs: number): Promise<RowsSeen>
  /** Resolves with the frame (timeOrigin + ms) in which `text` shows in the message list. */
  watchText(text: string, timeoutMs: number): Promise<number>
  /** Marks the lists now on the page as old: `watchRows` waits for a new one. */
  markOld(): void
  topRow(): any | null
}

export function installProbe() {
  /** Frames a watcher keeps looking after the rows showed, to see whether the list moves. */
  const SETTLE_FRAMES = 20
  const longTasks: { start: number; duration: number }[] = []
  // Room for every request of a long scroll (the default keeps 250).
  performance.setResourceTimingBufferSize(10_000)
  try {
    new window.PerformanceObserver((list: any) => {
      for (const entry of list.getEntries() as any[]) {
        longTasks.push({ start: entry.startTime, duration: entry.duration })
      }
    }).observe({ type: 'longtask', buffered: true })
  } catch {}

  /** The first message row on screen in a list that is not marked old. */
  function topRow(): any | null {
    for (const log of document.querySelectorAll('[role=log]')) {
      if (log.__benchOld) continue
      const box = log.getBoundingClientRect()
      if (box.height === 0) continue
      let best: any | null = null
      let bestTop = Infinity
      for (const row of log.querySelectorAll('[data-seq]')) {
        const rect = row.getBoundingClientRect()
        if (rect.height === 0 || rect.bottom <= box.top || rect.top >= box.bottom) continue
        if (!row.checkVisibility({ visibilityProperty: true, opacityProperty: true })) continue
        if (rect.top < bestTop) {
          best = row
          bestTop = rect.top
        }
      }
      if (best) return best
    }
    return null
  }

  function watchRows(timeoutMs: number) {
    return new Promise<RowsSeen>((resolve, reject) => {
      const deadline = performance.now() + timeoutMs
      let at = 0
      let settledAt = 0
      let lastSeq = ''
      let frames = 0
      function frame() {
        // The time the frame's callbacks run, just before it is laid out and painted (the
        // frame's own timestamp can be far earlier when the main thread was busy).
        const now = performance.now()
        const row = topRow()
        if (row) {
          const seq = row.dataset.seq!
          if (frames === 0) at = settledAt = now
          else if (seq !== lastSeq) settledAt = now
          lastSeq = seq
          frames += 1
          if (frames >= SETTLE_FRAMES) {
            resolve({ at, settledAt, topSeq: Number(lastSeq), frames })
            return
          }
        }
        if (performance.now() > deadline) {
          reject(new Error(`no message rows on screen within ${timeoutMs} ms`))
          return
        }
        requestAnimationFrame(frame)
      }
      requestAnimationFrame(frame)
    })
  }

  function watchText(text: string, timeoutMs: number) {
    return new Promise<number>((resolve, reject) => {
      const deadline = performance.now() + timeoutMs
      function frame() {
        const now = performance.now()
        for (const log of document.querySelectorAll('[role=log]')) {
          if (log.textContent?.includes(text)) {
            resolve(performance.timeOrigin + now)
            return
          }
        }
        if (performance.now() > deadline) {
          reject(new Error(`"${text}" did not show within ${timeoutMs} ms`))
          return
        }
        requestAnimationFrame(frame)
      }
      requestAnimationFrame(frame)
    })
  }

  const probe = {
    longTasks,
    clickAt: null as number | null,
    initial: null as unknown as Promise<RowsSeen>,
    watchRows,
    watchText,
    topRow,
    markOld() {
      for (const log of document.querySelectorAll('[role=log]')) log.__benchOld = true
    },
  }
  probe.initial = watchRows(30_000)
  // A rejection nobody awaited yet must not show as a page error.
  probe.initial.catch(() => {})
  document.addEventListener('click', (event: any) => (probe.clickAt = event.timeStamp), true)
  window.__bench = probe
}
