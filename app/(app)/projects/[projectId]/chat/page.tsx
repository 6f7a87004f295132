import { Suspense } from "react";
import { ChatPage } from "@/components/chat/chat-page";

export const metadata = { title: "Chat" };

export default async function Chat({ params }: { params: Promise<{ projectId: string }> }) {
  const { projectId } = await params;
  return (
    <Suspense>
      <ChatPage projectId={projectId} />
    </Suspense>
  );
}
