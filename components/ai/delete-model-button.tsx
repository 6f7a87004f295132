"use client";
// Delete an installed model from an Ollama endpoint, after a confirmation that says which roles
// still name it (their next model answers until another is chosen).
import { useState } from "react";
import { Button } from "@/components/ui/button";
import { ConfirmDialog } from "@/components/ui/dialog";
import { useToast } from "@/components/ui/toast";
import { sameModelName } from "@/lib/ai/model-names";
import { errorMessage } from "@/lib/hooks/api-client";
import { useAiSettings } from "@/lib/hooks/use-ai";
import { useDeleteModel } from "@/lib/hooks/use-ai-models";
import { AI_ROLES } from "@/lib/validation/ai";

export function DeleteModelButton({ endpointId, endpointName, model }: { endpointId: string; endpointName: string; model: string }) {
  const [open, setOpen] = useState(false);
  const del = useDeleteModel();
  const settings = useAiSettings();
  const toast = useToast();
  const usedBy = AI_ROLES.filter((r) =>
    settings.data?.roles[r].some((l) => l.endpointId === endpointId && sameModelName("ollama", l.model, model)),
  );
  return (
    <>
      <Button type="button" size="sm" variant="ghost" aria-label={`Delete ${model}`} onClick={() => setOpen(true)}>
        Delete
      </Button>
      <ConfirmDialog
        open={open}
        title={`Delete ${model}?`}
        confirmLabel="Delete model"
        busy={del.isPending}
        onClose={() => {
          setOpen(false);
          del.reset();
        }}
        onConfirm={() =>
          del.mutate(
            { endpointId, name: model },
            {
              onSuccess: () => {
                setOpen(false);
                toast({ tone: "success", message: `${model} was deleted from ${endpointName}` });
              },
            },
          )
        }
        body={
          <div className="space-y-2">
            <p>
              Ollama removes <strong className="font-mono">{model}</strong> and its files from {endpointName}. Pulling or creating it again
              is the only way back.
            </p>
            {usedBy.length > 0 && (
              <p className="text-amber-800 dark:text-amber-300" data-testid="delete-model-used-by">
                The {usedBy.join(", ")} {usedBy.length === 1 ? "role uses" : "roles use"} it: until you choose another model there, the next
                model in line answers.
              </p>
            )}
            {del.isError && (
              <p role="alert" className="text-red-600 dark:text-red-400">
                {errorMessage(del.error)}
              </p>
            )}
          </div>
        }
      />
    </>
  );
}
