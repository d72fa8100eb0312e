import { test } from '@japa/runner'
import {
  allowedClasses,
  createMarkdown,
  type CardLink,
  type RenderEnv,
} from '../../../resources/composables/markdownRules.js'

const md = createMarkdown()

function render(
  message: string,
  fields: Partial<RenderEnv> & { done?: Map<string, string | null> } = {}
) {
  const { done = new Map(), ...rest } = fields
  const env: RenderEnv = {
    targets: { person: () => null, channel: () => null },
    cards: [],
    emoji: null,
    highlighted: (language, code) => done.get(`${language}:${code}`),
    languageOf: (info) => (['ts', 'typescript'].includes(info) ? 'typescript' : null),
    wantsEmoji: false,
    wantsHighlight: [],
    ...rest,
  }
  return { html: md.render(message, env), env }
}

const OPS_1: CardLink = { ref: 'OPS-1', boardId: 'board-1', id: 'card-1' }

test.group('Message markdown', () => {
  test('task list items are disabled checkboxes labelled by their text', ({ assert }) => {
    const { html } = render('- [ ] write tests\n- [x] **ship** it\n- plain')
    assert.include(html, '<ul class="task-list">')
    assert.include(
      html,
      '<li class="task"><label class="task__label"><input class="task__box" type="checkbox" disabled> write tests</label></li>'
    )
    assert.include(html, 'type="checkbox" disabled checked> <strong>ship</strong> it</label>')
    assert.include(html, '<li>plain</li>')
  })

  test('brackets that are not a task marker stay text', ({ assert }) => {
    const { html } = render('- [y] maybe\n\n[ ] not in a list')
    assert.notInclude(html, 'checkbox')
    assert.include(html, '[y] maybe')
  })

  test('tables, strikethrough and autolinks render as GFM', ({ assert }) => {
    const { html } = render('| a | b |\n| - | - |\n| 1 | 2 |\n\n~~gone~~ see https://example.com')
    assert.include(html, '<table>')
    assert.include(html, '<td>2</td>')
    assert.include(html, '<s>gone</s>')
    assert.include(html, '<a href="https://example.com">https://example.com</a>')
  })

  test('a card reference links only when the post previews that card', ({ assert }) => {
    const { html } = render('OPS-1 and OPS-2, not XOPS-1 or a/OPS-1', { cards: [OPS_1] })
    assert.include(
      html,
      '<a class="card-ref" href="/boards/board-1/cards/card-1">OPS-1</a> and OPS-2'
    )
    assert.include(html, 'XOPS-1 or a/OPS-1')
    assert.equal(html.match(/card-ref/g)?.length, 1)
    assert.notInclude(render('OPS-1 alone').html, 'card-ref')
  })

  test('references inside code and links stay as they are', ({ assert }) => {
    const { html } = render('`OPS-1` [OPS-1](https://example.com)\n\n```\nOPS-1\n```', {
      cards: [OPS_1],
    })
    assert.notInclude(html, 'card-ref')
    assert.include(html, '<code>OPS-1</code>')
  })

  test('emoji shortcodes become glyphs once the data is loaded, and ask for it before', ({
    assert,
  }) => {
    const before = render('party :tada: time')
    assert.include(before.html, 'party :tada: time')
    assert.isTrue(before.env.wantsEmoji)
    const emoji = new Map([['tada', '🎉']])
    const after = render('party :tada: time :nope:', { emoji })
    assert.include(after.html, 'party <span class="emoji" title=":tada:">🎉</span> time :nope:')
    assert.include(render('`:tada:`', { emoji }).html, '<code>:tada:</code>')
  })

  test('one to three emoji alone show large, more or with text do not', ({ assert }) => {
    const emoji = new Map([
      ['tada', '🎉'],
      ['+1', '👍'],
    ])
    const jumbo = render(':tada: :+1: 👍🏽', { emoji }).html
    assert.equal(jumbo.match(/emoji--large/g)?.length, 3)
    assert.include(jumbo, '<span class="emoji emoji--large">👍🏽</span>')
    assert.notInclude(render(':tada: :tada: :tada: :tada:', { emoji }).html, 'emoji--large')
    assert.notInclude(render(':tada: yay', { emoji }).html, 'emoji--large')
    assert.notInclude(render('- :tada:', { emoji }).html, 'emoji--large')
  })

  test('fenced code waits for highlighting, then carries it; other languages stay plain', ({
    assert,
  }) => {
    const source = '```ts\nconst a = 1\n```\n\n```cobol\nDISPLAY "<b>"\n```'
    const waiting = render(source)
    assert.deepEqual(waiting.env.wantsHighlight, [
      { language: 'typescript', code: 'const a = 1\n' },
    ])
    assert.include(waiting.html, '<code class="hljs language-typescript">const a = 1')
    assert.include(waiting.html, '<pre><code>DISPLAY &quot;&lt;b&gt;&quot;')
    const done = new Map([
      ['typescript:const a = 1\n', '<span class="hljs-keyword">const</span> a'],
    ])
    const ready = render(source, { done })
    assert.lengthOf(ready.env.wantsHighlight, 0)
    assert.include(ready.html, '<span class="hljs-keyword">const</span> a</code>')
  })

  test('raw HTML in a message is text, inside code blocks too', ({ assert }) => {
    const { html } = render('<img src=x onerror=alert(1)>\n\n```ts\n<script>alert(1)</script>\n```')
    assert.notInclude(html, '<img')
    assert.notInclude(html, '<script>')
    assert.include(html, '&lt;script&gt;alert(1)&lt;/script&gt;')
  })

  test('only highlight.js classes on spans and our own classes survive', ({ assert }) => {
    assert.equal(allowedClasses('span', 'hljs-title function_'), 'hljs-title')
    assert.equal(allowedClasses('span', 'emoji emoji--large'), 'emoji emoji--large')
    assert.equal(allowedClasses('span', 'message__actions'), '')
    assert.equal(allowedClasses('div', 'hljs-keyword'), '')
    assert.equal(allowedClasses('a', 'card-ref evil'), 'card-ref')
    assert.equal(allowedClasses('code', 'hljs language-typescript'), 'hljs language-typescript')
  })
})
