import type { webApi } from '@slack/bolt';

const CACHE_MS = 10 * 60 * 1000;

/**
 * Workspace admins and owners count as Pulse admins when SLACK_WORKSPACE_ADMINS=true (users.info,
 * cached for ten minutes). ADMIN_USER_IDS is checked by the core either way.
 */
export class WorkspaceAdmins {
  private readonly cache = new Map<string, { isAdmin: boolean; until: number }>();

  constructor(
    private readonly client: webApi.WebClient,
    private readonly enabled: boolean,
  ) {}

  async isAdmin(userId: string): Promise<boolean> {
    if (!this.enabled) return false;
    const cached = this.cache.get(userId);
    if (cached && cached.until > Date.now()) return cached.isAdmin;
    const { user } = await this.client.users.info({ user: userId });
    const isAdmin = Boolean(user?.is_admin || user?.is_owner);
    this.cache.set(userId, { isAdmin, until: Date.now() + CACHE_MS });
    return isAdmin;
  }
}
