"""The bundled Shijiazhuang plan as pandas tables: tier counts per evaluation year, each unit's
goals, and the 2022 indicator targets of tiers A and B side by side."""
import countyleap as cl

ds = cl.datasets.shijiazhuang()
print(ds.plan.tier_counts().to_string(index=False))

goals = ds.plan.region_goals().pivot(index="code", columns="year", values="tier")
names = ds.regions.to_frame().set_index("code")["name_zh"]
print(goals.join(names).to_string())

targets = ds.plan.indicator_targets().pivot(index=["indicator", "unit"], columns="tier", values="value")
print(targets.to_string())
