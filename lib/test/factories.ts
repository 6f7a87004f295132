// Test factories: unique data per call, created through the same services the app uses.
import type { Actor } from "@/lib/auth/actor";
import { hashPassword } from "@/lib/auth/password";
import { db } from "@/lib/db";
import { createTask } from "@/lib/tasks/create-task";
import { acceptInvitation, inviteMember } from "@/lib/tasks/invitations";
import { createProject } from "@/lib/tasks/projects";

let seq = 0;
const unique = () => `${process.pid}-${Date.now()}-${++seq}`;

let cachedHash: string | undefined;
export async function makeUser(opts: { isAdmin?: boolean } = {}): Promise<Actor & { email: string }> {
  cachedHash ??= await hashPassword("correct horse battery");
  const email = `user-${unique()}@example.test`;
  const u = await db.user.create({ data: { email, name: `User ${seq}`, passwordHash: cachedHash, isAdmin: opts.isAdmin ?? false } });
  return { userId: u.id, isAdmin: u.isAdmin, email };
}

export async function makeProject(owner?: Actor) {
  const actor = owner ?? (await makeUser());
  const project = await createProject(actor, { name: `Project ${unique()}` });
  return { actor, projectId: project.id };
}

/** Creates tasks from a compact spec: [{title, deps?: refs, parent?: ref, status?, priority?}] */
export async function makeTasks(
  actor: Actor,
  projectId: string,
  specs: { title: string; dependencies?: string[]; parent?: string; status?: string; priority?: string }[],
) {
  const out = [];
  for (const s of specs) out.push(await createTask(actor, projectId, s));
  return out;
}

/** Makes `member` a member of the project the way people do: the owner invites, the member accepts. */
export async function addMember(owner: Actor, projectId: string, member: Actor & { email: string }, role: "owner" | "editor" | "viewer") {
  const invitation = await inviteMember(owner, projectId, { email: member.email, role });
  return acceptInvitation(member, invitation.id);
}
