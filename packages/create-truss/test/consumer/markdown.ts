/**
 * A fenced code block of a Markdown page. Its info string is the language, then words the guide's
 * test reads: `file=<path>` (the block is that file, whole), `run` (commands to run in the
 * project), `try` (commands to try against the running server), and a variant name (`express`)
 * for the blocks that replace others in that variant.
 */
export interface CodeBlock {
  lang: string;
  file: string | undefined;
  tags: ReadonlySet<string>;
  text: string;
  /** 1-based line of the opening fence. */
  line: number;
}

/** The fenced code blocks of `markdown`, in order. */
export function codeBlocks(markdown: string): CodeBlock[] {
  const blocks: CodeBlock[] = [];
  const lines = markdown.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*(.*)$/.exec(lines[i] as string);
    if (!open) continue;
    const end = lines.findIndex((line, j) => j > i && line.startsWith('```'));
    if (end < 0) throw new Error(`The code block at line ${i + 1} is not closed`);
    const words = (open[2] as string).split(/\s+/).filter(Boolean);
    const file = words.find((word) => word.startsWith('file='))?.slice('file='.length);
    blocks.push({
      lang: open[1] as string,
      file,
      tags: new Set(words.filter((word) => !word.startsWith('file='))),
      text: `${lines.slice(i + 1, end).join('\n')}\n`,
      line: i + 1,
    });
    i = end;
  }
  return blocks;
}
