// @ts-check
import { unified } from '@astrojs/markdown-remark';
import mdx from '@astrojs/mdx';
import starlight from '@astrojs/starlight';
import { defineConfig } from 'astro/config';
import { rehypeFocusableTables } from './src/markdown/rehype-focusable-tables.ts';
import { remarkKnowledgeLinks } from './src/markdown/remark-knowledge-links.ts';
import { remarkQuiz } from './src/markdown/remark-quiz.ts';
import { remarkRunnableExamples } from './src/markdown/remark-runnable-examples.ts';
import { SEARCH_META_WEIGHTS } from './src/site/search-keywords.ts';
import { buildSidebar } from './src/site/sidebar.ts';

export default defineConfig({
  site: 'https://attach-lab.example',
  // The simulator's worker is a module worker (sim-runner.ts), so it can import the C front on
  // demand as a chunk of its own instead of carrying it on every page with an example.
  vite: { worker: { format: 'es' } },
  markdown: {
    processor: unified({
      remarkPlugins: [remarkKnowledgeLinks, remarkRunnableExamples, remarkQuiz],
      rehypePlugins: [rehypeFocusableTables],
    }),
  },
  integrations: [
    starlight({
      title: 'Attach Lab',
      description:
        'Learn, look up and debug how a Windows kernel thread attaches to another process.',
      sidebar: await buildSidebar('content'),
      customCss: ['./src/styles/site.css', './src/styles/examples.css'],
      // Crash-shaped pages carry the stop code's spellings as searchable metadata
      // (src/site/search-keywords.ts); the weights put a bug-check page first for its code and
      // the decoder and playground next, above pages that only mention the code in passing.
      routeMiddleware: './src/site/search-middleware.ts',
      pagefind: { ranking: { metaWeights: { ...SEARCH_META_WEIGHTS } } },
    }),
    mdx(),
  ],
});
