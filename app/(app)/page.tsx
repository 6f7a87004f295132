import { ProjectsHome } from "@/components/projects/projects-home";

export const metadata = { title: "Projects" };

export default function HomePage() {
  return <ProjectsHome />;
}
