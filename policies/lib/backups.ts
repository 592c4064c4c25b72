/** What the backup-retention rules of RDS clusters and DB instances share: a week covers a problem noticed after a weekend. */
export const BACKUP_DEFAULTS = Object.freeze({ minimumRetentionDays: 7 });

/** Their policy config: the shortest retention accepted, within what RDS allows (1 to 35 days). */
export const BACKUP_SCHEMA = {
    properties: {
        minimumRetentionDays: { type: "integer" as const, minimum: 1, maximum: 35, default: BACKUP_DEFAULTS.minimumRetentionDays,
            description: "Shortest accepted backup retention, in days." },
    },
};
