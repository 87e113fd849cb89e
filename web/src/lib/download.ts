// Authenticated file downloads (the exports need the bearer token, which never goes in a URL).
import { getSession } from "../auth/session";

export async function download(path: string, fallbackName: string): Promise<void> {
  const token = getSession()?.token;
  const response = await fetch(path, { headers: token ? { Authorization: `Bearer ${token}` } : {} });
  if (!response.ok) {
    let message = `the service answered ${response.status}`;
    try {
      const body = (await response.json()) as { errors?: { message: string }[] };
      message = body.errors?.[0]?.message ?? message;
    } catch {
      // not JSON
    }
    throw new Error(message);
  }
  const disposition = response.headers.get("content-disposition") ?? "";
  const name = /filename="([^"]+)"/.exec(disposition)?.[1] ?? fallbackName;
  const url = URL.createObjectURL(await response.blob());
  const link = document.createElement("a");
  link.href = url;
  link.download = name;
  document.body.appendChild(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export function query(params: Record<string, string | null | undefined>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value) search.set(key, value);
  const text = search.toString();
  return text ? `?${text}` : "";
}
