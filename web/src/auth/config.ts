// How this deployment signs users in, as the service tells it (GET /auth/config).
export interface OidcConfig {
  issuer: string;
  clientId: string;
  scopes: string;
}

export interface AppConfig {
  environment: "development" | "production";
  /** The development sign-in (user id + roles) is offered. */
  devSignIn: boolean;
  roles: string[];
  oidc: OidcConfig | null;
}

let cached: Promise<AppConfig> | null = null;

export function loadConfig(): Promise<AppConfig> {
  cached ??= fetch("/auth/config", { headers: { Accept: "application/json" } }).then(
    async (response) => {
      if (!response.ok) throw new Error(`the service answered ${response.status}`);
      return (await response.json()) as AppConfig;
    },
  );
  return cached;
}

/** Forgets the loaded configuration (tests). */
export function forgetConfig(): void {
  cached = null;
}

export interface DevTokenAnswer {
  token: string;
  userId: string;
  roles: string[];
  expiresIn: number;
}

/** Asks the service (development only) for a token for a user id and roles. */
export async function fetchDevToken(userId: string, roles: string[]): Promise<DevTokenAnswer> {
  const response = await fetch("/auth/dev-token", {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({ userId, roles }),
  });
  const body = (await response.json()) as
    | DevTokenAnswer
    | { errors: { message: string }[] };
  if (!response.ok || "errors" in body) {
    const message = "errors" in body ? body.errors[0]?.message : undefined;
    throw new Error(message ?? `the service answered ${response.status}`);
  }
  return body;
}
