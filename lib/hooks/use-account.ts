"use client";
import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import type { InstanceSettings, TokenDto, UserDto } from "@/lib/auth/types";
import { api } from "./api-client";
import { qk } from "./query-keys";

export function useTokens() {
  return useQuery({ queryKey: qk.tokens, queryFn: () => api<{ tokens: TokenDto[] }>("/api/v1/tokens").then((r) => r.tokens) });
}

export function useTokenMutations() {
  const qc = useQueryClient();
  const invalidate = () => qc.invalidateQueries({ queryKey: qk.tokens });
  return {
    create: useMutation({
      mutationFn: (input: { name: string; scopes: string[]; expiresInDays?: number; projectId?: string }) =>
        api<{ token: string; apiToken: TokenDto }>("/api/v1/tokens", { method: "POST", json: input }),
      onSuccess: invalidate,
    }),
    revoke: useMutation({
      mutationFn: (id: string) => api(`/api/v1/tokens/${id}`, { method: "DELETE" }),
      onSuccess: invalidate,
    }),
  };
}

export function useInstanceSettings() {
  return useQuery({
    queryKey: qk.settings,
    queryFn: () => api<{ settings: InstanceSettings }>("/api/v1/settings").then((r) => r.settings),
  });
}

export function useAdmin(enabled: boolean) {
  const qc = useQueryClient();
  return {
    users: useQuery({ queryKey: qk.users, queryFn: () => api<{ users: UserDto[] }>("/api/v1/users").then((r) => r.users), enabled }),
    createUser: useMutation({
      mutationFn: (input: { name: string; email: string; password: string; isAdmin?: boolean }) =>
        api("/api/v1/users", { method: "POST", json: input }),
      onSuccess: () => qc.invalidateQueries({ queryKey: qk.users }),
    }),
    setDisabled: useMutation({
      mutationFn: ({ userId, disabled }: { userId: string; disabled: boolean }) =>
        api<{ user: UserDto }>(`/api/v1/users/${userId}`, { method: "PATCH", json: { disabled } }).then((r) => r.user),
      onSuccess: () => qc.invalidateQueries({ queryKey: qk.users }),
    }),
    setOpenSignup: useMutation({
      mutationFn: (openSignup: boolean) =>
        api<{ settings: InstanceSettings }>("/api/v1/settings", { method: "PATCH", json: { openSignup } }).then((r) => r.settings),
      onSuccess: (s) => qc.setQueryData(qk.settings, s),
    }),
  };
}

export function useSignUp() {
  return useMutation({
    mutationFn: (input: { name: string; email: string; password: string }) =>
      api<{ user: UserDto }>("/api/v1/signup", { method: "POST", json: input }),
  });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: (input: { currentPassword: string; newPassword: string }) =>
      api<{ revokedSessions: number }>("/api/v1/me/password", { method: "POST", json: input }),
  });
}

/** Ends every browser session of the user, this one included. */
export function useSignOutEverywhere() {
  return useMutation({
    mutationFn: () => api<{ revokedSessions: number }>("/api/v1/me/sessions", { method: "DELETE" }),
  });
}
