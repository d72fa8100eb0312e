import { test } from '@japa/runner'
import { extensionOf, sanitizeFileName } from '#app/helpers/file_names'
import { isDisguisedExecutable } from '#app/helpers/file_types'
import { contentDisposition, servedType } from '#app/helpers/file_responses'

test.group('File names', () => {
  test('a name keeps only its last path segment, whichever separator the client used', ({
    assert,
  }) => {
    const cases: Array<[string, string]> = [
      ['../../etc/passwd', 'passwd'],
      ['..\\..\\windows\\system32\\config', 'config'],
      ['C:\\Users\\alice\\Desktop\\report.pdf', 'report.pdf'],
      ['/absolute/path/to/photo.jpg', 'photo.jpg'],
      ['folder/', 'folder'],
      ['a/b/../..', 'file'],
    ]
    for (const [raw, expected] of cases) assert.equal(sanitizeFileName(raw), expected, raw)
  })

  test('control and direction-override characters are removed and the name is trimmed', ({
    assert,
  }) => {
    assert.equal(sanitizeFileName('  bad\u0000na\u0007me\n.txt  '), 'badname.txt')
    assert.equal(sanitizeFileName('photo\u202Egnp.exe'), 'photognp.exe')
    assert.equal(sanitizeFileName('tab\there\u0085.md'), 'tabhere.md')
    assert.equal(sanitizeFileName('café ✓ 报告.pdf'), 'café ✓ 报告.pdf')
  })

  test('an empty, dot-only or missing name becomes "file"', ({ assert }) => {
    for (const raw of ['', '   ', '.', '..', '/', '\u0000\u0001', undefined, null]) {
      assert.equal(sanitizeFileName(raw), 'file', JSON.stringify(raw))
    }
  })

  test('a name is cut to 255 characters and keeps its extension', ({ assert }) => {
    const long = sanitizeFileName(`${'a'.repeat(300)}.jpeg`)
    assert.lengthOf(long, 255)
    assert.isTrue(long.endsWith('a.jpeg'))
    const emoji = sanitizeFileName('😀'.repeat(300))
    assert.lengthOf([...emoji], 255)
    assert.equal(emoji, '😀'.repeat(255))
  })

  test('the extension is the lowercased last one, and none for dotfiles', ({ assert }) => {
    assert.equal(extensionOf('archive.TAR.GZ'), 'gz')
    assert.equal(extensionOf('.bashrc'), '')
    assert.equal(extensionOf('Makefile'), '')
  })
})

test.group('File serving rules', () => {
  test('an executable is disguised only when its extension claims another format', ({ assert }) => {
    assert.isTrue(isDisguisedExecutable('application/x-elf', 'photo.png'))
    assert.isTrue(isDisguisedExecutable('application/x-msdownload', 'invoice.pdf'))
    assert.isFalse(isDisguisedExecutable('application/x-msdownload', 'setup.EXE'))
    assert.isFalse(isDisguisedExecutable('application/x-elf', 'hearth'))
    assert.isFalse(isDisguisedExecutable('application/x-elf', 'libz.so.1.3'))
    assert.isFalse(isDisguisedExecutable('image/png', 'photo.exe'))
  })

  test('only safe types keep their type; markup and scripts become octet-stream', ({ assert }) => {
    assert.equal(servedType('image/png'), 'image/png')
    assert.equal(servedType('application/pdf'), 'application/pdf')
    assert.equal(servedType('text/plain'), 'text/plain; charset=utf-8')
    for (const mime of ['image/svg+xml', 'text/html', 'application/xml', 'text/javascript']) {
      assert.equal(servedType(mime), 'application/octet-stream', mime)
    }
  })

  test('Content-Disposition carries an ASCII fallback and the exact UTF-8 name', ({ assert }) => {
    assert.equal(
      contentDisposition('attachment', 'résumé (final) 100%.pdf'),
      `attachment; filename="r_sum_ (final) 100_.pdf"; filename*=UTF-8''r%C3%A9sum%C3%A9%20%28final%29%20100%25.pdf`
    )
  })
})
