import { defineCollection } from 'astro:content';
import { docsLoader } from '@astrojs/starlight/loaders';
import { docsSchema } from '@astrojs/starlight/schema';
import { z } from 'zod';
import { apisLoader, bugchecksLoader, conceptsLoader } from './content/knowledge-loader.ts';
import { apiSchema, bugCheckSchema, conceptSchema } from './model/index.ts';

/** Each knowledge entry is stored with the HTML of its prose sections, keyed by section name. */
const withHtml = <T extends z.ZodType>(entry: T) =>
  z.object({
    entry,
    html: z.record(z.string(), z.string()),
    headings: z.array(z.object({ depth: z.number(), slug: z.string(), text: z.string() })),
  });

export const collections = {
  docs: defineCollection({ loader: docsLoader(), schema: docsSchema() }),
  bugchecks: defineCollection({ loader: bugchecksLoader(), schema: withHtml(bugCheckSchema) }),
  apis: defineCollection({ loader: apisLoader(), schema: withHtml(apiSchema) }),
  concepts: defineCollection({ loader: conceptsLoader(), schema: withHtml(conceptSchema) }),
};
