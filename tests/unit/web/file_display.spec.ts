import { test } from '@japa/runner'
import { fitInBox, formatSize } from '../../../resources/components/chat/fileDisplay.js'

test.group('File display: sizes in words', () => {
  test('{bytes} bytes read as {shown}')
    .with([
      { bytes: 0, shown: '0 B' },
      { bytes: 35, shown: '35 B' },
      { bytes: 1023, shown: '1023 B' },
      { bytes: 1024, shown: '1 KB' },
      { bytes: 1536, shown: '1.5 KB' },
      { bytes: 10 * 1024 - 1, shown: '10 KB' },
      { bytes: 123_456, shown: '121 KB' },
      { bytes: 1024 * 1024 - 300, shown: '1 MB' },
      { bytes: 5.25 * 1024 * 1024, shown: '5.3 MB' },
      { bytes: 100 * 1024 * 1024, shown: '100 MB' },
      { bytes: 3 * 1024 ** 3, shown: '3 GB' },
      { bytes: 2048 * 1024 ** 4, shown: '2048 TB' },
    ])
    .run(({ assert }, { bytes, shown }) => {
      assert.equal(formatSize(bytes), shown)
    })
})

test.group('File display: an image fitted in a square', () => {
  test('{width}×{height} in {box} is shown at {expected.width}×{expected.height}')
    .with([
      { width: 640, height: 320, box: 400, expected: { width: 400, height: 200 } },
      { width: 320, height: 640, box: 400, expected: { width: 200, height: 400 } },
      { width: 4000, height: 3000, box: 400, expected: { width: 400, height: 300 } },
      { width: 1000, height: 1000, box: 400, expected: { width: 400, height: 400 } },
      // Never scaled up.
      { width: 120, height: 80, box: 400, expected: { width: 120, height: 80 } },
      { width: 400, height: 400, box: 400, expected: { width: 400, height: 400 } },
      // A sliver keeps at least one pixel.
      { width: 10_000, height: 5, box: 400, expected: { width: 400, height: 1 } },
      { width: 1921, height: 1081, box: 1920, expected: { width: 1920, height: 1080 } },
      // Unknown dimensions reserve the whole square.
      { width: 0, height: 0, box: 400, expected: { width: 400, height: 400 } },
    ])
    .run(({ assert }, { width, height, box, expected }) => {
      assert.deepEqual(fitInBox(width, height, box), expected)
    })
})
