import { describe, expect, it } from 'vitest';
import { recogniseExtraPageSource, type SourceFiles } from '../../../tools/article/extra-page-sources.js';

/** A repository held in memory: path -> text. */
function repository(files: Record<string, string>): SourceFiles {
  return {
    paths: Object.keys(files),
    read: (file) => {
      if (!(file in files)) throw new Error(`no ${file}`);
      return Buffer.from(files[file]!);
    },
  };
}

describe('recognising the repository an extra page collection comes from', () => {
  it('reads trafilatura evaluation pages with the URL evaldata.json gives their file', () => {
    const files = repository({
      'trafilatura/core.py': '',
      'tests/evaldata.json': JSON.stringify({
        'https://example.de/2019/story.html': { file: 'abc.html', title: 'Ignored' },
        'https://example.org/cached': { file: 'example.org.cached.html' },
        'not a url': { file: 'weird.html' },
      }),
      'tests/eval/abc.html': '<html></html>',
      'tests/eval/nometa.html': '<html></html>',
      'tests/eval/weird.html': '<html></html>',
      'tests/cache/example.org.cached.html': '<html></html>',
      'tests/resources/other.html': '<html></html>',
    });
    const source = recogniseExtraPageSource(files.paths);
    expect(source.collection).toBe('trafilatura');
    expect(source.pages(files)).toEqual([
      { file: 'tests/cache/example.org.cached.html', url: 'https://example.org/cached' },
      { file: 'tests/eval/abc.html', url: 'https://example.de/2019/story.html' },
      { file: 'tests/eval/nometa.html', url: null },
      { file: 'tests/eval/weird.html', url: null },
    ]);
  });

  it("reads goose3's test pages with the URL of the JSON beside each", () => {
    const files = repository({
      'goose3/__init__.py': '',
      'tests/data/content/test_cnn1.html': '<html></html>',
      'tests/data/content/test_cnn1.json': JSON.stringify({ url: 'http://www.cnn.com/2010/story', expected: { title: 'x' } }),
      'tests/data/title/test_title_empty.html': '<html></html>',
      'tests/data/images/blank.jpeg': '',
    });
    const source = recogniseExtraPageSource(files.paths);
    expect(source.collection).toBe('goose3');
    expect(source.pages(files)).toEqual([
      { file: 'tests/data/content/test_cnn1.html', url: 'http://www.cnn.com/2010/story' },
      { file: 'tests/data/title/test_title_empty.html', url: null },
    ]);
  });

  it("reads newspaper4k's test pages with the URL of their metadata file", () => {
    const files = repository({
      'newspaper/article.py': '',
      'GOOSE-LICENSE.txt': '',
      'tests/data/html/cnn_article.html': '<html></html>',
      'tests/data/html/sample_rss.html': '<html></html>',
      'tests/data/metadata/cnn_article.json': JSON.stringify({ url: 'http://www.cnn.com/2013/11/27/travel/index.html', title: 'x' }),
      'tests/data/txt/cnn_article.txt': '',
    });
    const source = recogniseExtraPageSource(files.paths);
    expect(source.collection).toBe('newspaper4k');
    expect(source.pages(files)).toEqual([
      { file: 'tests/data/html/cnn_article.html', url: 'http://www.cnn.com/2013/11/27/travel/index.html' },
      { file: 'tests/data/html/sample_rss.html', url: null },
    ]);
  });

  it("reads postlight parser's fixtures, which carry no URL of their own", () => {
    const files = repository({ 'src/extractors/custom/index.js': '', 'fixtures/nytimes.com.html': '<html></html>', 'fixtures/a.com/1480000000.html': '', 'fixtures/notes.md': '' });
    const source = recogniseExtraPageSource(files.paths);
    expect(source.collection).toBe('postlight');
    expect(source.pages(files).map((page) => page.file)).toEqual(['fixtures/a.com/1480000000.html', 'fixtures/nytimes.com.html']);
  });

  it('refuses a repository of no known layout, naming the known ones', () => {
    expect(() => recogniseExtraPageSource(['README.md', 'tests/data/page.html'])).toThrow(/none of the known layouts; known: postlight, trafilatura, goose3, newspaper4k/);
  });
});
