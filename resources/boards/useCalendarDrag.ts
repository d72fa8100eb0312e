import { onBeforeUnmount, ref } from 'vue'

/** How long a finger rests on a card before it is picked up, and how far it may drift. */
const LONG_PRESS_MS = 250
const TOUCH_SLOP = 8
/** How far a mouse moves with the button down before a press becomes a drag. */
const MOUSE_SLOP = 4

interface Options {
  enabled: () => boolean
  /** The card `cardId` was dropped on `day` (null: the "No date" aside). */
  drop: (cardId: string, day: string | null) => void
}

interface Gesture {
  cardId: string
  pointerId: number
  startX: number
  startY: number
  chip: HTMLElement
  ghost: HTMLElement | null
  timer: ReturnType<typeof setTimeout> | null
}

/** The drop target under a point: a day (`data-day`) or the aside (`data-undated`). */
function targetAt(x: number, y: number): { day: string | null; el: HTMLElement } | null {
  const el = document.elementFromPoint(x, y)?.closest<HTMLElement>('[data-day], [data-undated]')
  if (!el) return null
  return { day: el.dataset.day ?? null, el }
}

/**
 * Dragging calendar cards with pointer events, one code path for mouse and touch: a mouse
 * drags once it moves a few pixels with the button down, a finger after a long press (so a
 * swipe still scrolls). A copy of the card follows the pointer, the day under it is marked,
 * and the drop asks `drop` to write; nothing in the page moves until the document changes.
 * Escape cancels. Bind `onPointerDown` and `onTouchMove` on the calendar's root.
 */
export function useCalendarDrag(options: Options) {
  const draggingId = ref<string | null>(null)
  let gesture: Gesture | null = null
  let marked: HTMLElement | null = null

  function mark(el: HTMLElement | null) {
    if (marked === el) return
    marked?.classList.remove('calendar-drop')
    marked = el
    marked?.classList.add('calendar-drop')
  }

  function start(at: { clientX: number; clientY: number }) {
    if (!gesture) return
    gesture.timer = null
    draggingId.value = gesture.cardId
    const box = gesture.chip.getBoundingClientRect()
    const ghost = gesture.chip.cloneNode(true) as HTMLElement
    ghost.classList.add('chip--ghost')
    ghost.removeAttribute('tabindex')
    ghost.setAttribute('aria-hidden', 'true')
    Object.assign(ghost.style, {
      position: 'fixed',
      left: `${box.left}px`,
      top: `${box.top}px`,
      width: `${box.width}px`,
      pointerEvents: 'none',
      zIndex: '1000',
    })
    document.body.append(ghost)
    gesture.ghost = ghost
    follow(at)
  }

  function follow(at: { clientX: number; clientY: number }) {
    if (!gesture?.ghost) return
    const dx = at.clientX - gesture.startX
    const dy = at.clientY - gesture.startY
    gesture.ghost.style.transform = `translate(${dx}px, ${dy}px) rotate(2deg)`
    mark(targetAt(at.clientX, at.clientY)?.el ?? null)
  }

  function end(event: PointerEvent | null) {
    const done = gesture
    if (!done) return
    gesture = null
    if (done.timer) clearTimeout(done.timer)
    done.ghost?.remove()
    mark(null)
    draggingId.value = null
    window.removeEventListener('pointermove', onMove)
    window.removeEventListener('pointerup', onUp)
    window.removeEventListener('pointercancel', onCancel)
    window.removeEventListener('keydown', onKey, true)
    if (!done.ghost || !event) return
    // The press was a drag, not a click: the card does not open.
    window.addEventListener('click', swallow, { capture: true, once: true })
    setTimeout(() => window.removeEventListener('click', swallow, true))
    const target = targetAt(event.clientX, event.clientY)
    if (target) options.drop(done.cardId, target.day)
  }
  const swallow = (click: MouseEvent) => click.stopPropagation()

  function onMove(event: PointerEvent) {
    if (!gesture || event.pointerId !== gesture.pointerId) return
    const moved = Math.hypot(event.clientX - gesture.startX, event.clientY - gesture.startY)
    if (gesture.ghost) follow(event)
    else if (event.pointerType !== 'mouse' && moved > TOUCH_SLOP) end(null)
    else if (event.pointerType === 'mouse' && moved > MOUSE_SLOP) start(event)
  }
  const onUp = (event: PointerEvent) => event.pointerId === gesture?.pointerId && end(event)
  const onCancel = () => end(null)
  function onKey(event: KeyboardEvent) {
    if (event.key !== 'Escape' || !gesture?.ghost) return
    event.preventDefault()
    event.stopPropagation()
    end(null)
  }

  function onPointerDown(event: PointerEvent) {
    if (gesture || !event.isPrimary || event.button !== 0 || !options.enabled()) return
    const chip = (event.target as HTMLElement).closest<HTMLElement>('.chip')
    const cardId = chip?.closest<HTMLElement>('[data-card-id]')?.dataset.cardId
    if (!chip || !cardId) return
    gesture = {
      cardId,
      pointerId: event.pointerId,
      startX: event.clientX,
      startY: event.clientY,
      chip,
      ghost: null,
      timer: null,
    }
    if (event.pointerType !== 'mouse') {
      const at = { clientX: event.clientX, clientY: event.clientY }
      gesture.timer = setTimeout(() => start(at), LONG_PRESS_MS)
    }
    window.addEventListener('pointermove', onMove)
    window.addEventListener('pointerup', onUp)
    window.addEventListener('pointercancel', onCancel)
    window.addEventListener('keydown', onKey, true)
  }

  /** While a finger drags a card, the page does not scroll under it. */
  function onTouchMove(event: TouchEvent) {
    if (gesture?.ghost && event.cancelable) event.preventDefault()
  }

  onBeforeUnmount(() => end(null))
  return { draggingId, onPointerDown, onTouchMove }
}
