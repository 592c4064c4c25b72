import { expect } from "chai";
import { loadFunctionPackage } from "../../harness/packages";
import { MIGRATIONS } from "../../handlers/lib/migrations";
import { startStores, Stores, testDb } from "./support";

type Migrate = (event?: unknown) => Promise<{ applied: string[]; alreadyApplied: string[] }>;

describe("migrate (serialized package against the Data API over PGlite)", () => {
    let stores: Stores;
    before(async () => {
        stores = await startStores({ postgres: true });
    });
    after(async () => stores.stop());

    it("applies every migration once, in order, then nothing; records them in schema_migrations", async () => {
        const migrate = await loadFunctionPackage<Migrate>("migrate", stores.env);
        const first = await migrate({});
        const second = await migrate({});
        const recorded = await testDb(stores).query<{ id: string }>("SELECT id FROM schema_migrations ORDER BY id");
        const ids = MIGRATIONS.map((m) => m.id);
        expect(ids.length).to.be.greaterThan(0);
        expect(first).to.deep.equal({ applied: ids, alreadyApplied: [] });
        expect(second).to.deep.equal({ applied: [], alreadyApplied: ids });
        expect(recorded.map((r) => r.id)).to.deep.equal(ids);
    });

    it("refuses to run when an applied migration's file changed", async () => {
        await testDb(stores).execute("UPDATE schema_migrations SET checksum = 'edited' WHERE id = :id", { id: MIGRATIONS[0].id });
        const migrate = await loadFunctionPackage<Migrate>("migrate", stores.env);
        const err = await migrate({}).then(() => undefined, (e: Error) => e);
        expect(err?.message).to.equal(`Migration ${MIGRATIONS[0].id} changed after it was applied; add a new migration instead`);
    });

    it("fails while the database is down", async () => {
        const migrate = await loadFunctionPackage<Migrate>("migrate", stores.env);
        await stores.rdsData?.pause();
        try {
            const err = await migrate({}).then(() => undefined, (e: Error) => e);
            expect(err).to.be.instanceOf(Error);
        } finally {
            await stores.rdsData?.resume();
        }
    });
});
