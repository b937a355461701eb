// @ts-check
import { unified } from '@astrojs/markdown-remark';
import mdx from '@astrojs/mdx';
import starlight from '@astrojs/starlight';
import { defineConfig } from 'astro/config';

export default defineConfig({
  site: 'https://attach-lab.example',
  markdown: {
    processor: unified({ remarkPlugins: [] }),
  },
  integrations: [
    starlight({
      title: 'Attach Lab',
      description:
        'Learn, look up and debug how a Windows kernel thread attaches to another process.',
      sidebar: [{ label: 'Start here', items: [{ label: 'Welcome', link: '/' }] }],
    }),
    mdx(),
  ],
});
