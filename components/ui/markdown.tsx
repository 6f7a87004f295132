"use client";
import ReactMarkdown from "react-markdown";
import remarkGfm from "remark-gfm";

/** Markdown as users write it in task details; raw HTML is not rendered. */
export function Markdown({ text }: { text: string }) {
  return (
    <div className="prose-cairn text-sm leading-relaxed break-words">
      <ReactMarkdown remarkPlugins={[remarkGfm]}>{text}</ReactMarkdown>
    </div>
  );
}
