mod tenants;
